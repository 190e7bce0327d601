package io.powermanager.agent.cpufreq;

import io.powermanager.agent.sysfs.Errno;
import io.powermanager.agent.sysfs.SysfsException;
import io.powermanager.agent.sysfs.SysfsPort;
import io.powermanager.domain.power.Frequency;
import io.powermanager.domain.tuning.CpuHardware;
import io.powermanager.domain.tuning.CpuSettings;
import io.powermanager.domain.tuning.Knob;
import java.util.Optional;

/** Reads a CPU's current {@link CpuSettings} from sysfs. Stateless. */
public final class CpufreqReader {

  private CpufreqReader() {}

  /**
   * The four managed settings of one CPU now.
   *
   * @throws SysfsException when a file cannot be read or holds no number
   */
  public static CpuSettings observe(SysfsPort sysfs, CpuHardware hw) throws SysfsException {
    int cpu = hw.cpu();
    String governor = sysfs.read(Knob.GOVERNOR.path(cpu)).strip();
    Optional<String> epp =
        hw.eppSupported() ? Optional.of(sysfs.read(Knob.EPP.path(cpu)).strip()) : Optional.empty();
    long min = khz(sysfs, Knob.MIN_FREQ.path(cpu));
    long max = khz(sysfs, Knob.MAX_FREQ.path(cpu));
    return new CpuSettings(governor, epp, Frequency.ofKhz(min), Frequency.ofKhz(max));
  }

  private static long khz(SysfsPort sysfs, String path) throws SysfsException {
    String text = sysfs.read(path).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new SysfsException(
          path, null, Errno.EINVAL, path + " holds \"" + text + "\", not kHz", e);
    }
  }
}
