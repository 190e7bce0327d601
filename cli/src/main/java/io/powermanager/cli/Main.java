package io.powermanager.cli;

/** {@code java -jar power-manager.jar <command>}: hands the arguments to picocli and exits. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(PowerManagerCommand.commandLine().execute(args));
  }
}
