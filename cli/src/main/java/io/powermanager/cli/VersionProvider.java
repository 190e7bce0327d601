package io.powermanager.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or {@code dev} when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = PowerManagerCommand.class.getPackage().getImplementationVersion();
    return new String[] {"power-manager " + (v == null ? "dev" : v)};
  }
}
