package io.powermanager.testkit.kubelet;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Refuses calls beyond the token bucket with RESOURCE_EXHAUSTED, as the kubelet does. */
final class RateLimitInterceptor implements ServerInterceptor {
  private final TokenBucket bucket;
  private final Runnable onCall;

  RateLimitInterceptor(TokenBucket bucket, Runnable onCall) {
    this.bucket = bucket;
    this.onCall = onCall;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    onCall.run();
    if (bucket != null && !bucket.tryAcquire()) {
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription("rejected by rate limit"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
