package io.powermanager.reconciler.bench;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Failures to answer instead of serving requests: {@code failNext("update", "powerconfigs/status",
 * 409)} makes the next matching request answer 409 Conflict, once, without touching the store.
 * Thread-safe.
 */
public final class FaultInjector {

  private record Fault(String verb, String resource, String name, int code) {
    boolean matches(RequestLog.Entry e) {
      return verb.equals(e.verb())
          && resource.equals(e.resource())
          && (name == null || name.equals(e.name()));
    }
  }

  private final ConcurrentLinkedQueue<Fault> pending = new ConcurrentLinkedQueue<>();

  /** The next request with this verb on this resource, any name, answers {@code code}. */
  public void failNext(String verb, String resource, int code) {
    failNext(verb, resource, null, code);
  }

  /** The next request with this verb on this resource and name answers {@code code}. */
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

  /** Consumes the first fault matching {@code entry}; its code, or 0. */
  int take(RequestLog.Entry entry) {
    for (Iterator<Fault> it = pending.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (f.matches(entry) && pending.remove(f)) {
        return f.code();
      }
    }
    return 0;
  }
}
