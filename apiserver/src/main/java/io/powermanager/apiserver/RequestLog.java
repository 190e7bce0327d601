package io.powermanager.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Every resource request the front received, by Kubernetes verb ({@code get}, {@code list}, {@code
 * watch}, {@code create}, {@code update}, {@code patch}, {@code delete}, {@code deletecollection})
 * and resource ({@code pods}, {@code pods/status}, {@code powerprofiles}...), with the client that
 * sent it when it was named ({@link EmbeddedApiServer#newClient(String)}), and the writes the
 * server refused. Tests use it to prove that a converged controller writes nothing; the reconciler
 * benchmark to count and tell apart the reconcilers' writes.
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
   * @param client the name of the client that sent it, empty when unnamed
   */
  public record Entry(
      String verb, String group, String resource, String namespace, String name, String client) {
    /** A request from an unnamed client. */
    public Entry(String verb, String group, String resource, String namespace, String name) {
      this(verb, group, resource, namespace, name, "");
    }

    public boolean isWrite() {
      return WRITE_VERBS.contains(verb);
    }
  }

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

  void record(Entry entry) {
    entries.add(entry);
  }

  /** Notes that the server answered {@code entry}, a write it served, with error {@code code}. */
  void refused(Entry entry, int code) {
    String key = entry.client() + "|" + entry.verb() + " " + entry.resource() + " " + code;
    refused.computeIfAbsent(key, k -> new LongAdder()).increment();
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

  /** Writes sent by the named client, oldest first. */
  public List<Entry> writesBy(String client) {
    return entries.stream().filter(e -> e.isWrite() && e.client().equals(client)).toList();
  }

  /**
   * The named client's writes that the server served and refused (not injected faults), by {@code
   * "verb resource code"}, e.g. {@code create powerprofiles 409}.
   */
  public Map<String, Long> refusedWritesBy(String client) {
    Map<String, Long> out = new TreeMap<>();
    refused.forEach(
        (key, count) -> {
          if (key.startsWith(client + "|")) {
            out.put(key.substring(client.length() + 1), count.sum());
          }
        });
    return out;
  }

  /**
   * Objects the named client wrote more than once, by {@code "verb resource"}, each object's name
   * with its count, e.g. {@code patch nodes/status -> {node-00001=2}}. Creates carry the name in
   * the body, not the URL, so they are left out.
   */
  public Map<String, Map<String, Long>> writtenMoreThanOnceBy(String client) {
    Map<String, Map<String, Long>> perObject =
        writesBy(client).stream()
            .filter(e -> !e.name().isEmpty())
            .collect(
                Collectors.groupingBy(
                    e -> e.verb() + " " + e.resource(),
                    TreeMap::new,
                    Collectors.groupingBy(Entry::name, TreeMap::new, Collectors.counting())));
    Map<String, Map<String, Long>> repeated = new TreeMap<>();
    perObject.forEach(
        (kind, names) -> {
          Map<String, Long> more = new TreeMap<>();
          names.forEach(
              (name, count) -> {
                if (count > 1) {
                  more.put(name, count);
                }
              });
          if (!more.isEmpty()) {
            repeated.put(kind, more);
          }
        });
    return repeated;
  }

  /** A copy of everything recorded since the start or the last {@link #reset()}, oldest first. */
  public List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  /** Forgets every request and refused write recorded so far. */
  public void reset() {
    entries.clear();
    refused.clear();
  }
}
