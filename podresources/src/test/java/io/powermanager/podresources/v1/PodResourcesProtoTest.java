package io.powermanager.podresources.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

class PodResourcesProtoTest {

  @Test
  void listResponseSurvivesTheWireUnchanged() throws InvalidProtocolBufferException {
    // Given
    var response =
        ListPodResourcesResponse.newBuilder()
            .addPodResources(
                PodResources.newBuilder()
                    .setNamespace("default")
                    .setName("worker")
                    .addCpuIds(7)
                    .addContainers(
                        ContainerResources.newBuilder()
                            .setName("app")
                            .addCpuIds(2)
                            .addCpuIds(114)
                            .addMemory(
                                ContainerMemory.newBuilder()
                                    .setMemoryType("memory")
                                    .setSize(1L << 30)
                                    .setTopology(
                                        TopologyInfo.newBuilder()
                                            .addNodes(NUMANode.newBuilder().setID(1))))))
            .build();

    // When
    var decoded = ListPodResourcesResponse.parseFrom(response.toByteArray());

    // Then
    assertThat(decoded).isEqualTo(response);
    assertThat(decoded.getPodResources(0).getContainers(0).getCpuIdsList())
        .containsExactly(2L, 114L);
    assertThat(decoded.getPodResources(0).getContainers(0).getMemory(0).getTopology())
        .extracting(topology -> topology.getNodes(0).getID())
        .isEqualTo(1L);
  }

  @Test
  void fieldNumbersMatchTheKubeletProto() {
    // Given
    Descriptor pod = PodResources.getDescriptor();
    Descriptor container = ContainerResources.getDescriptor();
    Descriptor allocatable = AllocatableResourcesResponse.getDescriptor();

    // When
    String service = PodResourcesListerGrpc.getServiceDescriptor().getName();

    // Then
    assertThat(service).isEqualTo("v1.PodResourcesLister");
    assertThat(PodResourcesListerGrpc.getGetMethod().getFullMethodName())
        .isEqualTo("v1.PodResourcesLister/Get");
    assertThat(pod.findFieldByName("cpu_ids").getNumber()).isEqualTo(4);
    assertThat(pod.findFieldByName("memory").getNumber()).isEqualTo(5);
    assertThat(container.findFieldByName("cpu_ids").getNumber()).isEqualTo(3);
    assertThat(container.findFieldByName("dynamic_resources").getNumber()).isEqualTo(5);
    assertThat(allocatable.findFieldByName("cpu_ids").getNumber()).isEqualTo(2);
    assertThat(NUMANode.getDescriptor().findFieldByName("ID").getNumber()).isEqualTo(1);
    assertThat(DynamicResource.getDescriptor().findFieldByNumber(1)).isNull();
    assertThat(ClaimResource.getDescriptor().findFieldByName("share_id").hasPresence()).isTrue();
  }
}
