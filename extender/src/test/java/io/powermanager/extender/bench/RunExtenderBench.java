package io.powermanager.extender.bench;

/** Runs the bench from the test classpath while the {@code bench} command does not exist yet. */
final class RunExtenderBench {

  private RunExtenderBench() {}

  public static void main(String[] args) {
    ExtenderBench.run(System.out);
  }
}
