package io.powermanager.cli;

import io.powermanager.certs.CertsTool;
import io.powermanager.certs.IssuedCertificate;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code power-manager certs}: a CA and a serving certificate for a Service, written as {@code
 * ca.crt}, {@code tls.crt}, {@code tls.key} — for installs that manage the webhook's certificate
 * themselves (the manager otherwise issues and rotates its own).
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description =
        "Write a new CA (ca.crt) and a serving certificate (tls.crt, tls.key; ECDSA P-256) valid"
            + " for SERVICE, SERVICE.NAMESPACE, SERVICE.NAMESPACE.svc and"
            + " SERVICE.NAMESPACE.svc.cluster.local.")
public final class CertsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--service", required = true, description = "The Service name.")
  String service;

  @Option(names = "--namespace", required = true, description = "The Service's namespace.")
  String namespace;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--dns-name", paramLabel = "NAME", description = "Another DNS name; repeatable.")
  List<String> dnsNames = new ArrayList<>();

  @Option(names = "--ip", paramLabel = "ADDRESS", description = "An IP address; repeatable.")
  List<String> ips = new ArrayList<>();

  @Option(
      names = "--validity",
      defaultValue = "365d",
      converter = DurationConverter.class,
      description = "How long the certificates are valid (default ${DEFAULT-VALUE}).")
  Duration validity;

  @Override
  public Integer call() {
    IssuedCertificate issued =
        CertsTool.writeFiles(
            service,
            namespace,
            out,
            dnsNames,
            ips,
            validity,
            Clock.systemUTC(),
            new SecureRandom());
    var w = spec.commandLine().getOut();
    w.println(
        "wrote "
            + out.resolve("ca.crt")
            + ", "
            + out.resolve("tls.crt")
            + ", "
            + out.resolve("tls.key"));
    w.println(
        "names: "
            + String.join(", ", issued.dnsNames())
            + (issued.ipAddresses().isEmpty()
                ? ""
                : ", " + String.join(", ", issued.ipAddresses())));
    w.println("valid until " + issued.notAfter());
    w.flush();
    return 0;
  }
}
