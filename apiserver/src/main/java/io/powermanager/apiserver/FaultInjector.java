package io.powermanager.apiserver;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Failures the front answers instead of serving a request, for conflict-retry and error-path tests:
 * {@code faults().failNext("update", "powernodes/status", "node-1", 409)} makes the next matching
 * request answer a 409 Conflict {@code Status}, exactly once, without touching the store.
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

  public void clear() {
    pending.clear();
  }

  /** Consumes the first fault matching the request and returns its exception, or null. */
  ApiException take(RequestLog.Entry entry, ResourceType type) {
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
