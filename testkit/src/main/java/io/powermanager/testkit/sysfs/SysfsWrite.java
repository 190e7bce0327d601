package io.powermanager.testkit.sysfs;

/**
 * One write made through {@link EmulatedSysfs#write(String, String)}, in the write log.
 *
 * @param path the canonical path written ({@code cpuN/cpufreq/...} form)
 * @param value the value exactly as passed
 * @param error null when the write was accepted, else the errno text or failure it met (e.g. {@code
 *     Device or resource busy})
 */
public record SysfsWrite(String path, String value, String error) {

  /** Whether the emulated kernel accepted the write. */
  public boolean accepted() {
    return error == null;
  }
}
