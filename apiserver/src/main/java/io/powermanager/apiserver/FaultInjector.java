package io.powermanager.apiserver;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Failures the front answers instead of serving a request, for conflict-retry and error-path tests:
 * {@code faults().failNext("update", "powernodes/status", "node-1", 409)} makes the next matching
 * request answer a 409 Conflict {@code Status}, exactly once, without touching the store; {@code
 * faults().partition("replica-1")} cuts a named client ({@link
 * EmbeddedApiServer#newClient(String)}) off until it is healed.
 */
public final class FaultInjector {
  private record Fault(String verb, String resource, String name, int code) {
    boolean matches(RequestLog.Entry entry) {
      return verb.equals(entry.verb())
          && resource.equals(entry.resource())
          && (name == null || name.equals(entry.name()));
    }
  }

  private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();
  private final Set<String> partitioned = ConcurrentHashMap.newKeySet();

  /** The next request with this verb on this resource (any name) answers {@code code}. */
  public void failNext(String verb, String resource, int code) {
    failNext(verb, resource, null, code);
  }

  /**
   * The next request with this verb on this resource and object name answers {@code code}. Call it
   * n times to fail the next n requests.
   *
   * @param name the object's name, or null for any
   * @param code an HTTP error code, 400–599
   */
  public void failNext(String verb, String resource, String name, int code) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("fault code must be 400-599, got " + code);
    }
    pending.add(new Fault(verb, resource, name, code));
  }

  /** Faults not yet consumed. */
  public int pending() {
    return pending.size();
  }

  /**
   * Cuts the named client off: every new request it sends answers 503 (watches already open stay
   * open), as if the network between it and the API server broke.
   */
  public void partition(String client) {
    partitioned.add(client);
  }

  public void heal(String client) {
    partitioned.remove(client);
  }

  public void healAll() {
    partitioned.clear();
  }

  /** Drops pending faults and heals every partition. */
  public void clear() {
    pending.clear();
    partitioned.clear();
  }

  /**
   * The partition's 503 when the request's client is cut off; else consumes the first fault
   * matching the request and returns its exception; else null.
   */
  ApiException take(RequestLog.Entry entry, ResourceType type) {
    if (!entry.client().isEmpty() && partitioned.contains(entry.client())) {
      return ApiStatus.error(
          503, ApiStatus.reasonFor(503), "client " + entry.client() + " is partitioned");
    }
    for (Iterator<Fault> it = pending.iterator(); it.hasNext(); ) {
      Fault fault = it.next();
      if (fault.matches(entry) && pending.remove(fault)) {
        if (fault.code() == 409) {
          return ApiStatus.conflict(type, entry.name());
        }
        return ApiStatus.error(
            fault.code(),
            ApiStatus.reasonFor(fault.code()),
            "injected failure for " + entry.verb() + " " + entry.resource() + " " + entry.name());
      }
    }
    return null;
  }
}
