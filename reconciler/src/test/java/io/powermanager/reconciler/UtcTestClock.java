package io.powermanager.reconciler;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A test clock in UTC whatever zone is asked for; subclasses say what time it is. */
public abstract class UtcTestClock extends Clock {

  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    return this;
  }
}
