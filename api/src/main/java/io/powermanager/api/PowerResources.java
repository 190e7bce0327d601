package io.powermanager.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerSchedule;
import io.powermanager.api.v1alpha1.PowerWorkload;
import io.powermanager.api.v1alpha1.TimeOfDay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The four custom resource classes and their generated CRDs, which the build puts on the classpath
 * at {@code /META-INF/fabric8/<plural>.power.intel.com-v1.yml}. Thread-safe and stateless; every
 * call reads the classpath afresh.
 */
public final class PowerResources {

  private static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(
          PowerConfig.class,
          PowerProfile.class,
          PowerWorkload.class,
          PowerNode.class,
          io.powermanager.api.v1alpha1.Uncore.class,
          CStates.class,
          PowerSchedule.class,
          TimeOfDay.class,
          io.powermanager.api.v1alpha1.PowerNodeSettings.class);

  private PowerResources() {}

  /**
   * PowerConfig, PowerProfile, PowerWorkload, PowerNode, Uncore, CStates, PowerSchedule, TimeOfDay,
   * PowerNodeSettings: in that order.
   */
  public static List<Class<? extends CustomResource<?, ?>>> kinds() {
    return KINDS;
  }

  /**
   * The classpath resource holding a kind's CRD, e.g. {@code
   * /META-INF/fabric8/powernodes.power.intel.com-v1.yml}.
   */
  public static String crdPath(Class<? extends CustomResource<?, ?>> kind) {
    return "/META-INF/fabric8/" + CustomResource.getCRDName(kind) + "-v1.yml";
  }

  /**
   * The generated CRD of one kind.
   *
   * @throws IllegalStateException when the CRD is not on the classpath (the api module was built
   *     without the crd-generator plugin)
   */
  public static CustomResourceDefinition crd(Class<? extends CustomResource<?, ?>> kind) {
    String path = crdPath(kind);
    try (InputStream in = PowerResources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "CRD of " + kind.getSimpleName() + " not found on the classpath at " + path);
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read CRD of " + kind.getSimpleName() + " at " + path, e);
    }
  }

  /** The CRDs of all four kinds, in {@link #kinds()} order. */
  public static List<CustomResourceDefinition> crds() {
    return KINDS.stream().map(PowerResources::crd).toList();
  }

  /**
   * Creates the four CRDs, or replaces them where they exist: for tests and the simulator (the
   * chart installs them in a real cluster). Idempotent.
   */
  public static List<CustomResourceDefinition> install(KubernetesClient client) {
    return install(client, crds());
  }

  /**
   * {@link #install(KubernetesClient)} with {@code caPem} as the {@code caBundle} of every webhook
   * conversion, as the manager patches it in a cluster: for tests that serve the conversion
   * themselves.
   */
  public static List<CustomResourceDefinition> install(KubernetesClient client, String caPem) {
    String bundle =
        java.util.Base64.getEncoder()
            .encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    List<CustomResourceDefinition> crds = crds();
    for (CustomResourceDefinition crd : crds) {
      var conversion = crd.getSpec().getConversion();
      if (conversion != null
          && conversion.getWebhook() != null
          && conversion.getWebhook().getClientConfig() != null) {
        conversion.getWebhook().getClientConfig().setCaBundle(bundle);
      }
    }
    return install(client, crds);
  }

  private static List<CustomResourceDefinition> install(
      KubernetesClient client, List<CustomResourceDefinition> crds) {
    return crds.stream()
        .map(
            crd ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .unlock()
                    .createOr(NonDeletingOperation::update))
        .toList();
  }
}
