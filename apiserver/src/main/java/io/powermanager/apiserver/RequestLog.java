package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every resource request the front received, by Kubernetes verb ({@code get}, {@code list}, {@code
 * watch}, {@code create}, {@code update}, {@code patch}, {@code delete}, {@code deletecollection})
 * and resource ({@code pods}, {@code pods/status}, {@code powerprofiles}...). Tests use it to prove
 * that a converged controller writes nothing.
 */
public final class RequestLog {
  /** Verbs that change stored state. */
  public static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection");

  /**
   * One request.
   *
   * @param resource plural, with {@code /subresource} appended when there is one
   * @param namespace empty for cluster-scoped and all-namespace requests
   * @param name empty for collection requests
   */
  public record Entry(String verb, String group, String resource, String namespace, String name) {
    public boolean isWrite() {
      return WRITE_VERBS.contains(verb);
    }
  }

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

  void record(Entry entry) {
    entries.add(entry);
  }

  /** Requests with this verb on this resource ({@code "pods"}, {@code "powernodes/status"}). */
  public long count(String verb, String resource) {
    return entries.stream()
        .filter(e -> e.verb().equals(verb) && e.resource().equals(resource))
        .count();
  }

  /** Requests with any write verb, on any resource. */
  public long writes() {
    return entries.stream().filter(Entry::isWrite).count();
  }

  /** Requests with any write verb on this resource. */
  public long writes(String resource) {
    return entries.stream().filter(e -> e.isWrite() && e.resource().equals(resource)).count();
  }

  /** A copy of everything recorded since the start or the last {@link #reset()}, oldest first. */
  public List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  public void reset() {
    entries.clear();
  }
}
