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
 * <p>The Service named here is the chart's default ({@value #SERVICE_NAME} in {@value
 * #SERVICE_NAMESPACE}) with no {@code caBundle}: the manager writes the real Service, namespace and
 * CA into every CRD at start and on rotation ({@code CrdConversionConfig} in {@code certs}), or
 * cert-manager's CA injector does.
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

  /** The generated CRD text with the stanza first under {@code spec:}; unchanged when present. */
  static String withConversion(String crd) {
    if (crd.contains("\n" + MARKER)) {
      return crd;
    }
    int spec = crd.indexOf("\nspec:\n");
    if (spec < 0) {
      throw new IllegalArgumentException("not a generated CRD: no top-level 'spec:' line");
    }
    int insertAt = spec + "\nspec:\n".length();
    return crd.substring(0, insertAt) + stanza() + crd.substring(insertAt);
  }

  /**
   * Adds the stanza to every {@code *.yml} in {@code args[0]} (in place).
   *
   * @param args the directory the CRD generator wrote
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CrdConversion <dir of generated CRDs>");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(args[0]))) {
      files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
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
