package io.powermanager.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code spec.conversion} stanza of the four CRDs (strategy Webhook, the manager's {@code
 * /convert}), which the fabric8 CRD generator cannot express. The build runs {@link #main} right
 * after the generator (exec-maven-plugin, {@code process-classes}) on {@code
 * target/classes/META-INF/fabric8}, so the classpath copies and the chart's copies carry it.
 *
 * <p>The Service named here is a placeholder ({@value #SERVICE_NAME} in {@value
 * #SERVICE_NAMESPACE}) with no {@code caBundle}: the manager writes the release's conversion
 * Service (which publishes not-ready addresses), namespace, path, port and CA into every CRD at
 * start and on rotation ({@code CrdConversionPatcher} in {@code certs}); with cert-manager it
 * writes the Service and the {@code inject-ca-from} annotation, and cert-manager's CA injector the
 * CA.
 */
public final class CrdConversion {

  /** The path of the conversion endpoint on the manager's HTTPS port. */
  public static final String PATH = "/convert";

  /** The Service the static CRDs name until the manager rewrites it. */
  public static final String SERVICE_NAME = "power-manager";

  /** The namespace the static CRDs name until the manager rewrites it. */
  public static final String SERVICE_NAMESPACE = "power-manager";

  /** The Service port of the webhook Service (the chart's {@code service.port} default). */
  public static final int SERVICE_PORT = 443;

  private static final String MARKER = "  conversion:\n";

  private CrdConversion() {}

  /** The stanza, indented to sit under {@code spec:}. */
  static String stanza() {
    return MARKER
        + "    strategy: \"Webhook\"\n"
        + "    webhook:\n"
        + "      clientConfig:\n"
        + "        service:\n"
        + "          name: \""
        + SERVICE_NAME
        + "\"\n"
        + "          namespace: \""
        + SERVICE_NAMESPACE
        + "\"\n"
        + "          path: \""
        + PATH
        + "\"\n"
        + "          port: "
        + SERVICE_PORT
        + "\n"
        + "      conversionReviewVersions:\n"
        + "      - \"v1\"\n";
  }

  /**
   * The generated CRD text with the stanza first under {@code spec:} and the served-only versions
   * listed before the storage version; unchanged when the stanza is present. The order matters to
   * nothing in kube-apiserver (discovery ranks versions by name, so v1 stays preferred) but to the
   * embedded API server without conversion, whose discovery then prefers the first listed version
   * (v1alpha1, where the project's components keep their objects).
   */
  static String withConversion(String crd) {
    if (crd.contains("\n" + MARKER)) {
      return crd;
    }
    crd = servedOnlyFirst(crd);
    int spec = crd.indexOf("\nspec:\n");
    if (spec < 0) {
      throw new IllegalArgumentException("not a generated CRD: no top-level 'spec:' line");
    }
    int insertAt = spec + "\nspec:\n".length();
    return crd.substring(0, insertAt) + stanza() + crd.substring(insertAt);
  }

  /** Moves the {@code storage: false} items of {@code spec.versions} (the last block) first. */
  static String servedOnlyFirst(String crd) {
    String header = "\n  versions:\n";
    int at = crd.indexOf(header);
    if (at < 0) {
      return crd;
    }
    String head = crd.substring(0, at + header.length());
    String block = crd.substring(at + header.length());
    boolean endsWithNewline = block.endsWith("\n");
    if (endsWithNewline) {
      block = block.substring(0, block.length() - 1);
    }
    List<String> items = new java.util.ArrayList<>();
    StringBuilder current = null;
    for (String line : block.split("\n", -1)) {
      if (line.startsWith("  - ")) {
        if (current != null) {
          items.add(current.toString());
        }
        current = new StringBuilder();
      }
      if (current == null) {
        return crd; // not the generator's layout: leave it
      }
      current.append(line).append('\n');
    }
    if (current != null) {
      items.add(current.toString());
    }
    List<String> ordered = new java.util.ArrayList<>();
    items.stream().filter(i -> i.contains("\n    storage: false\n")).forEach(ordered::add);
    items.stream().filter(i -> !i.contains("\n    storage: false\n")).forEach(ordered::add);
    String joined = String.join("", ordered);
    return head + joined.substring(0, joined.length() - 1) + (endsWithNewline ? "\n" : "");
  }

  /**
   * The kinds (plurals) whose versions differ and go through the webhook; the kinds added since
   * (CStates, Uncore, PowerSchedule, TimeOfDay) serve one schema at both versions and need no
   * conversion (strategy None).
   */
  static final java.util.Set<String> CONVERTED =
      java.util.Set.of("powerconfigs", "powerprofiles", "powerworkloads", "powernodes");

  /**
   * Adds the stanza to the CRDs of {@link #CONVERTED} in {@code args[0]} (in place).
   *
   * @param args the directory the CRD generator wrote
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CrdConversion <dir of generated CRDs>");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(args[0]))) {
      files =
          list.filter(p -> p.toString().endsWith(".yml"))
              .filter(p -> CONVERTED.contains(p.getFileName().toString().split("\\.")[0]))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String updated = withConversion(text);
      if (!updated.equals(text)) {
        Files.writeString(file, updated, StandardCharsets.UTF_8);
      }
    }
  }
}
