package io.powermanager.reconciler.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every request an API server received, by Kubernetes verb ({@code get}, {@code list}, {@code
 * watch}, {@code create}, {@code update}, {@code patch}, {@code delete}) and resource ({@code
 * nodes/status}, {@code powerprofiles}...). The same shape as the apiserver module's log, so tests
 * can move to it unchanged. Thread-safe.
 */
public final class RequestLog {

  /** Verbs that change stored state. */
  public static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete");

  /**
   * One request.
   *
   * @param resource plural, with {@code /subresource} appended when there is one
   * @param namespace empty for cluster-scoped and all-namespace requests
   * @param name empty for collection requests
   * @param client the name of the client that sent it (see {@link
   *     CountingApiServer#newClient(String)}), empty when unnamed
   */
  public record Entry(String verb, String resource, String namespace, String name, String client) {
    public boolean isWrite() {
      return WRITE_VERBS.contains(verb);
    }
  }

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

  void record(Entry entry) {
    entries.add(entry);
  }

  /** Notes that the server answered {@code entry}, a write, with an error {@code code}. */
  void refused(Entry entry, int code) {
    String key = entry.client() + "|" + entry.verb() + " " + entry.resource() + " " + code;
    refused.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /**
   * The named client's writes the server refused, by {@code "verb resource code"}, e.g. {@code
   * create powerprofiles 409}.
   */
  public Map<String, Long> refusedWritesBy(String client) {
    Map<String, Long> out = new TreeMap<>();
    refused.forEach(
        (k, v) -> {
          if (k.startsWith(client + "|")) {
            out.put(k.substring(client.length() + 1), v.sum());
          }
        });
    return out;
  }

  public long count(String verb, String resource) {
    return entries.stream()
        .filter(e -> e.verb().equals(verb) && e.resource().equals(resource))
        .count();
  }

  /** Writes of any verb, on any resource. */
  public long writes() {
    return entries.stream().filter(Entry::isWrite).count();
  }

  /** Writes on {@code resource} ({@code "powerprofiles"}, {@code "nodes/status"}). */
  public long writes(String resource) {
    return entries.stream().filter(e -> e.isWrite() && e.resource().equals(resource)).count();
  }

  /** Writes other than to Leases (leader election renews its Lease every retry period). */
  public List<Entry> writesExceptLeases() {
    return entries.stream().filter(e -> e.isWrite() && !e.resource().equals("leases")).toList();
  }

  /** Writes sent by the named client. */
  public List<Entry> writesBy(String client) {
    return entries.stream().filter(e -> e.isWrite() && e.client().equals(client)).toList();
  }

  public List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  public void reset() {
    entries.clear();
    refused.clear();
  }

  /**
   * The verb and resource of a request line: {@code PUT
   * /apis/power.intel.com/v1alpha1/namespaces/power/powerconfigs/c/status} is an {@code update} of
   * {@code powerconfigs/status} named {@code c} in {@code power}.
   */
  static Entry parse(String method, String pathAndQuery, String client) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] s = path.split("/");
    int i = 1;
    if (s.length > 1 && "api".equals(s[1])) {
      i = 3;
    } else if (s.length > 1 && "apis".equals(s[1])) {
      i = 4;
    }
    String namespace = "";
    if (s.length > i + 2 && "namespaces".equals(s[i])) {
      namespace = s[i + 1];
      i += 2;
    }
    String resource = s.length > i ? s[i] : "";
    String name = s.length > i + 1 ? s[i + 1] : "";
    if (s.length > i + 2) {
      resource = resource + "/" + s[i + 2];
    }
    String verb =
        switch (method.toUpperCase(java.util.Locale.ROOT)) {
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
          default -> query.contains("watch=true") ? "watch" : name.isEmpty() ? "list" : "get";
        };
    return new Entry(verb, resource, namespace, name, client == null ? "" : client);
  }
}
