package io.powermanager.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** The project's generated CRDs, read from the chart ({@code charts/power-manager/crds/}). */
final class ChartCrds {
  private static final Path DIR = Path.of("..", "charts", "power-manager", "crds");

  private ChartCrds() {}

  /** {@code powerprofiles} → the parsed {@code powerprofiles.power.intel.com-v1.yml}. */
  static JsonNode crd(String plural) {
    Path file = DIR.resolve(plural + ".power.intel.com-v1.yml");
    try {
      return Json.parseYaml(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chart's CRD " + file.toAbsolutePath(), e);
    }
  }

  /** The {@code openAPIV3Schema} of the CRD's v1alpha1 version. */
  static JsonNode schema(String plural) {
    for (JsonNode version : crd(plural).path("spec").path("versions")) {
      if ("v1alpha1".equals(version.path("name").asString(""))) {
        return version.path("schema").path("openAPIV3Schema");
      }
    }
    throw new IllegalStateException("the chart's CRD of " + plural + " serves no v1alpha1");
  }
}
