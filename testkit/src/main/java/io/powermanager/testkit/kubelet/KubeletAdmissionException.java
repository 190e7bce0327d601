package io.powermanager.testkit.kubelet;

/**
 * The emulated kubelet could not admit a pod, e.g. because its exclusive CPUs do not fit the free
 * allocatable CPUs. The real kubelet rejects such a pod with reason {@code
 * UnexpectedAdmissionError} and the CPU manager's message, which this exception's message contains.
 * Nothing was allocated.
 */
public final class KubeletAdmissionException extends RuntimeException {

  public KubeletAdmissionException(String message) {
    super(message);
  }
}
