package io.powermanager.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes the scratch trees a command made for itself (temp workdirs, tmpfs sysfs trees). */
final class ScratchDirectories {

  private ScratchDirectories() {}

  /**
   * Deletes {@code root} and everything under it; a tree already gone is fine. What cannot be
   * deleted is named on {@code err}, never thrown: the command's own outcome stands.
   */
  static void delete(Path root, PrintWriter err) {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : deepestFirst) {
        Files.deleteIfExists(path);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException | UncheckedIOException e) {
      err.println("could not remove " + root + ": " + e.getMessage());
      err.flush();
    }
  }
}
