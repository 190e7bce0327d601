package io.powermanager.testkit.kubelet;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.powermanager.podresources.v1.AllocatableResourcesRequest;
import io.powermanager.podresources.v1.AllocatableResourcesResponse;
import io.powermanager.podresources.v1.ContainerResources;
import io.powermanager.podresources.v1.GetPodResourcesRequest;
import io.powermanager.podresources.v1.GetPodResourcesResponse;
import io.powermanager.podresources.v1.ListPodResourcesRequest;
import io.powermanager.podresources.v1.ListPodResourcesResponse;
import io.powermanager.podresources.v1.PodResources;
import io.powermanager.podresources.v1.PodResourcesListerGrpc;
import java.util.List;
import java.util.Optional;

/** The PodResources v1 service over an {@link EmulatedKubelet}'s state (static CPU manager). */
final class PodResourcesService extends PodResourcesListerGrpc.PodResourcesListerImplBase {
  private final EmulatedKubelet kubelet;

  PodResourcesService(EmulatedKubelet kubelet) {
    this.kubelet = kubelet;
  }

  @Override
  public void list(
      ListPodResourcesRequest request, StreamObserver<ListPodResourcesResponse> responses) {
    ListPodResourcesResponse.Builder response = ListPodResourcesResponse.newBuilder();
    for (AdmittedPod pod : kubelet.pods()) {
      response.addPodResources(toProto(pod));
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void getAllocatableResources(
      AllocatableResourcesRequest request, StreamObserver<AllocatableResourcesResponse> responses) {
    AllocatableResourcesResponse.Builder response = AllocatableResourcesResponse.newBuilder();
    kubelet.allocatable().stream().forEach(response::addCpuIds);
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void get(
      GetPodResourcesRequest request, StreamObserver<GetPodResourcesResponse> responses) {
    switch (kubelet.getSupport()) {
      case UNIMPLEMENTED -> {
        responses.onError(
            Status.UNIMPLEMENTED
                .withDescription("unknown method Get for service v1.PodResourcesLister")
                .asRuntimeException());
        return;
      }
      case DISABLED -> {
        responses.onError(
            Status.UNKNOWN
                .withDescription("PodResources API Get method disabled")
                .asRuntimeException());
        return;
      }
      case ENABLED -> {
        // answered below
      }
    }
    Optional<AdmittedPod> pod = newest(request.getPodNamespace(), request.getPodName());
    if (pod.isEmpty()) {
      responses.onError(
          Status.UNKNOWN
              .withDescription(
                  "pod "
                      + request.getPodName()
                      + " in namespace "
                      + request.getPodNamespace()
                      + " not found")
              .asRuntimeException());
      return;
    }
    responses.onNext(
        GetPodResourcesResponse.newBuilder().setPodResources(toProto(pod.get())).build());
    responses.onCompleted();
  }

  /** The latest admitted pod of that name: a recreated pod shadows its terminating predecessor. */
  private Optional<AdmittedPod> newest(String namespace, String name) {
    List<AdmittedPod> pods = kubelet.pods();
    for (int i = pods.size() - 1; i >= 0; i--) {
      AdmittedPod pod = pods.get(i);
      if (pod.namespace().equals(namespace) && pod.name().equals(name)) {
        return Optional.of(pod);
      }
    }
    return Optional.empty();
  }

  private static PodResources toProto(AdmittedPod pod) {
    PodResources.Builder proto =
        PodResources.newBuilder().setNamespace(pod.namespace()).setName(pod.name());
    for (AdmittedContainer container : pod.containers()) {
      ContainerResources.Builder c = ContainerResources.newBuilder().setName(container.name());
      container.exclusiveCpus().stream().forEach(c::addCpuIds);
      proto.addContainers(c);
    }
    return proto.build();
  }
}
