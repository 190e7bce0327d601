package io.powermanager.cli.validate;

import java.nio.file.Path;

/**
 * One line of {@code validate} output: a violation ({@code FILE: Kind/name: field: message}) or a
 * warning ({@code FILE: Kind/name: warning: message}).
 */
record Finding(Path file, String object, String text, boolean warning) {

  @Override
  public String toString() {
    return file + ": " + object + ": " + (warning ? "warning: " : "") + text;
  }
}
