package io.powermanager.cli.validate;

import io.powermanager.api.PowerApi;
import io.powermanager.api.convert.versions.ConversionException;
import io.powermanager.api.convert.versions.VersionConversion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code power-manager convert --to v1|v1alpha1 -f FILE_OR_DIR...}: rewrites the power objects of
 * manifests in the other served version, as the conversion webhook does (lossless: values the
 * target has no field for go into the {@code power.intel.com/conversion-data} annotation), for
 * GitOps repositories. Every document is printed to stdout in input order, {@code ---} between
 * them; objects of other kinds are printed unchanged. YAML comments are not kept. Exit 0, 1 when an
 * object cannot be converted (nothing is printed then), 2 when the input cannot be read.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite PowerConfig, PowerProfile, PowerWorkload and PowerNode manifests in"
          + " power.intel.com/v1 or v1alpha1 (to stdout; comments are not kept).",
      "Exit status: 0 converted, 1 an object cannot be converted, 2 unreadable input."
    })
public final class ConvertCommand implements Callable<Integer> {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Spec CommandSpec spec;

  @Option(names = "--to", required = true, paramLabel = "VERSION", description = "v1 or v1alpha1.")
  String to;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE_OR_DIR",
      description = "Manifest file or directory (.yaml, .yml, .json); repeatable.")
  List<Path> inputs;

  @Option(
      names = {"-R", "--recursive"},
      description = "Also read the subdirectories of the given directories.")
  boolean recursive;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String target = PowerApi.GROUP + "/" + to;
    if (!VersionConversion.isConvertible(target)) {
      err.println("error: --to must be v1 or v1alpha1, not " + to);
      err.flush();
      return ValidateCommand.UNREADABLE;
    }
    List<Manifest> manifests;
    try {
      manifests = ManifestReader.read(inputs, recursive);
    } catch (UnreadableInputException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ValidateCommand.UNREADABLE;
    }
    StringBuilder text = new StringBuilder();
    for (Manifest m : manifests) {
      JsonNode object = m.tree();
      if (VersionConversion.KINDS.contains(m.kind())
          && VersionConversion.isConvertible(m.apiVersion())) {
        try {
          object = VersionConversion.convert(object, target);
        } catch (ConversionException e) {
          err.println(m.file() + ": " + m.ref() + ": " + e.getMessage());
          err.flush();
          return ValidateCommand.INVALID;
        }
      }
      text.append(YAML.writeValueAsString(object));
    }
    out.print(text);
    out.flush();
    return ValidateCommand.VALID;
  }
}
