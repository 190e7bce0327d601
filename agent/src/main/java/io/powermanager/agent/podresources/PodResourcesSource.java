package io.powermanager.agent.podresources;

import io.powermanager.domain.CpuSet;
import java.util.List;
import java.util.Optional;

/**
 * What the kubelet says about CPUs (contracts §3): the exclusive CPUs of every pod's containers and
 * the allocatable CPUs. Implementations must be thread-safe.
 */
public interface PodResourcesSource {

  /** Every pod the kubelet runs, with its containers' exclusive CPUs ({@code List}). */
  List<PodCpus> list() throws PodResourcesException;

  /**
   * The CPUs the kubelet may give to containers ({@code GetAllocatableResources}); empty with the
   * CPU manager policy {@code none}.
   */
  CpuSet allocatable() throws PodResourcesException;

  /**
   * One pod ({@code Get}); empty when the kubelet does not know it.
   *
   * @throws PodResourcesException of kind {@link PodResourcesException.Kind#UNSUPPORTED} when the
   *     kubelet lacks {@code Get}: use {@link #list()} instead
   */
  Optional<PodCpus> get(String namespace, String name) throws PodResourcesException;

  /** False once {@link #get} met a kubelet without it. */
  boolean supportsGet();
}
