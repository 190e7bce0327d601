package io.powermanager.domain.rules;

import java.util.List;
import java.util.Map;

/** A PowerConfig as the rules see it. */
public record ConfigView(
    String metadataName,
    String powerImage,
    Map<String, String> powerNodeSelector,
    List<String> powerProfiles,
    List<String> customDevices) {

  public ConfigView {
    powerNodeSelector = powerNodeSelector == null ? Map.of() : Map.copyOf(powerNodeSelector);
    powerProfiles = powerProfiles == null ? List.of() : List.copyOf(powerProfiles);
    customDevices = customDevices == null ? List.of() : List.copyOf(customDevices);
  }

  /** A config without {@code customDevices}. */
  public ConfigView(
      String metadataName,
      String powerImage,
      Map<String, String> powerNodeSelector,
      List<String> powerProfiles) {
    this(metadataName, powerImage, powerNodeSelector, powerProfiles, List.of());
  }
}
