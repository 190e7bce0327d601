package io.powermanager.simulator.walkthrough;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.powermanager.api.v1alpha1.PowerConfig;
import io.powermanager.api.v1alpha1.PowerNode;
import io.powermanager.api.v1alpha1.PowerProfile;
import io.powermanager.api.v1alpha1.PowerWorkload;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What {@code kubectl apply -f FILE} does for an object that does not exist yet, through the API
 * server (and so through admission): it stores the manifest as the {@code
 * kubectl.kubernetes.io/last-applied-configuration} annotation, creates the object in the namespace
 * of the kubeconfig ({@code default}) and reports {@code <resource>/<name> created}, or fails with
 * the message kubectl prints.
 */
public final class KubectlApply {

  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Pod", Pod.class,
          "PowerConfig", PowerConfig.class,
          "PowerProfile", PowerProfile.class,
          "PowerWorkload", PowerWorkload.class,
          "PowerNode", PowerNode.class);

  private KubectlApply() {}

  /** kubectl's answer to a create the API server refused. */
  public static final class ApplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Status status;

    ApplyException(String message, Status status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The API server's Status, when it sent one. */
    public Status status() {
      return status;
    }
  }

  /** The object as created, and kubectl's line for it. */
  public record Applied(HasMetadata object, String line) {}

  /**
   * Creates the one object in {@code yaml}.
   *
   * @param source the file name kubectl would report
   * @throws ApplyException with kubectl's error line ({@code Error from server (Forbidden): error
   *     when creating "FILE": ...})
   */
  public static Applied apply(KubernetesClient client, String yaml, String source) {
    KubernetesSerialization json = client.getKubernetesSerialization();
    GenericKubernetesResource generic = json.unmarshal(yaml, GenericKubernetesResource.class);
    if (generic.getMetadata().getNamespace() == null) {
      generic.getMetadata().setNamespace(client.getNamespace());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (generic.getMetadata().getAnnotations() != null) {
      annotations.putAll(generic.getMetadata().getAnnotations());
    }
    annotations.put(LAST_APPLIED, json.asJson(generic) + "\n");
    generic.getMetadata().setAnnotations(annotations);
    Class<? extends HasMetadata> type = KINDS.get(generic.getKind());
    HasMetadata object = type == null ? generic : json.convertValue(generic, type);
    try {
      HasMetadata created = client.resource(object).create();
      return new Applied(
          created, resourceName(object) + "/" + created.getMetadata().getName() + " created");
    } catch (KubernetesClientException e) {
      throw new ApplyException(errorLine(e, source), e.getStatus(), e);
    }
  }

  /**
   * {@link #apply}, retrying for up to {@code patience} while the webhook refuses because its cache
   * has not yet seen an object this one refers to (created a few milliseconds earlier); any other
   * refusal is final.
   */
  public static Applied applyRetrying(
      KubernetesClient client, String yaml, String source, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return apply(client, yaml, source);
      } catch (ApplyException e) {
        String message = e.getMessage();
        boolean cacheLag =
            message.contains("does not exist") || message.contains("selects no power node");
        if (!cacheLag || System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(20_000_000);
      }
    }
  }

  /** {@code pod}, {@code powerprofile.power.intel.com}: what kubectl prints before the name. */
  public static String resourceName(HasMetadata object) {
    String kind = object.getKind().toLowerCase(Locale.ROOT);
    String apiVersion = object.getApiVersion();
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    return slash < 0 ? kind : kind + "." + apiVersion.substring(0, slash);
  }

  /** kubectl's {@code StandardErrorMessage} with the file added, as {@code apply} shows it. */
  static String errorLine(KubernetesClientException e, String source) {
    Status status = e.getStatus();
    String message =
        status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
    String reason = status == null ? null : status.getReason();
    String prefix =
        reason == null || reason.isEmpty()
            ? "Error from server: "
            : "Error from server (" + reason + "): ";
    return prefix + "error when creating \"" + source + "\": " + message;
  }
}
