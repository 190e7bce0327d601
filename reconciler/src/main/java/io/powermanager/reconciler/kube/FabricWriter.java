package io.powermanager.reconciler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.powermanager.api.kube.StorageVersion;
import java.util.Objects;

/**
 * The reconcilers' only way to change the cluster: every create, update, patch and delete goes
 * through here and is counted by kind and verb. Updates are optimistic (the object's {@code
 * resourceVersion} is sent, so a concurrent writer makes them fail with 409 and the key is
 * retried). The power kinds whose versions differ are written at their storage version ({@link
 * StorageVersion}), so no write needs the CRDs' conversion webhook. Thread-safe.
 */
public final class FabricWriter {

  /** Counts writes: {@code kind} is the object's kind, {@code verb} the Kubernetes verb. */
  public interface WriteCounter {
    void wrote(String kind, String verb);

    WriteCounter NONE = (kind, verb) -> {};
  }

  /** Told about every successful write, so readers see their own writes (see Caches). */
  public interface WriteListener {
    /**
     * @param before the object as the writer read it (null for a create)
     * @param after what the API server answered (null for a delete)
     */
    void wrote(HasMetadata before, HasMetadata after);

    WriteListener NONE = (before, after) -> {};
  }

  private final KubernetesClient client;
  private final WriteCounter counter;
  private final WriteListener listener;

  public FabricWriter(KubernetesClient client, WriteCounter counter, WriteListener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public <T extends HasMetadata> T create(T object) {
    counter.wrote(object.getKind(), "create");
    T created =
        StorageVersion.converted(object.getClass())
            ? StorageVersion.create(client, object)
            : client.resource(object).create();
    listener.wrote(null, created);
    return created;
  }

  /**
   * Replaces the object; fails with 409 when it changed since it was read ({@code object} carries
   * the resourceVersion read).
   */
  public <T extends HasMetadata> T update(T object) {
    counter.wrote(object.getKind(), "update");
    T updated =
        StorageVersion.converted(object.getClass())
            ? StorageVersion.update(client, object)
            : client.resource(object).update();
    listener.wrote(object, updated);
    return updated;
  }

  /** Replaces the status; fails with 409 when the object changed since it was read. */
  public <T extends HasMetadata> T updateStatus(T object) {
    counter.wrote(object.getKind(), "update");
    T updated =
        StorageVersion.converted(object.getClass())
            ? StorageVersion.updateStatus(client, object)
            : client.resource(object).updateStatus();
    listener.wrote(object, updated);
    return updated;
  }

  /** Deletes the object; one that is already gone counts as deleted. */
  public void delete(HasMetadata object) {
    counter.wrote(object.getKind(), "delete");
    try {
      if (StorageVersion.converted(object.getClass())) {
        StorageVersion.delete(client, object);
      } else {
        client.resource(object).delete();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    listener.wrote(object, null);
  }

  /**
   * Applies a JSON Patch (RFC 6902) to {@code nodes/<name>/status}.
   *
   * @param before the Node the patch was computed from
   */
  public Node patchNodeStatus(Node before, String jsonPatch) {
    counter.wrote("Node", "patch");
    // resource(before): fabric8 reads the object first when the operation holds none
    Node patched =
        client
            .nodes()
            .resource(before)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), jsonPatch);
    listener.wrote(before, patched);
    return patched;
  }

  /** Records a core/v1 Event. */
  public void createEvent(Event event) {
    counter.wrote("Event", "create");
    client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
  }
}
