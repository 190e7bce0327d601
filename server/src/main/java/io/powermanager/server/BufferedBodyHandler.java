package io.powermanager.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's whole body before the application sees it, without holding a thread while bytes
 * trickle in (Jetty's demand callbacks), and enforces per lane:
 *
 * <ul>
 *   <li>a body cap: a declared {@code Content-Length} over it gets 413 before a byte is read; a
 *       chunked body is cut off with 413 when it passes the cap;
 *   <li>a budget of body bytes in memory at once (1/16 of the heap): beyond it, 503;
 *   <li>a total read time: a body not complete in time gets 408 and the connection is closed —
 *       unlike the idle timeout, no trickle of bytes resets it;
 *   <li>a verified client certificate where the lane asks for one (else 403).
 * </ul>
 *
 * Paths outside every lane (the operational GETs) get a small cap and no budget.
 */
final class BufferedBodyHandler extends Handler.Wrapper {

  /** Cap of a body sent to a path outside every lane. */
  static final int OTHER_MAX_BODY_BYTES = 64 * 1024;

  /**
   * A body at most this much over its cap is read and dropped (without keeping it) before the 413,
   * so a client still sending gets to read the answer instead of a reset connection; beyond, the
   * 413 goes at once and the connection is closed.
   */
  static final long DRAIN_BYTES = 16L * 1024 * 1024;

  private static final String TEXT = "text/plain; charset=utf-8";

  private final Map<String, LaneState> lanes = new HashMap<>();
  private final long readTimeoutMs;

  BufferedBodyHandler(List<Lane> lanes, Duration readTimeout, long inFlightBudget) {
    for (Lane lane : lanes) {
      LaneState state = new LaneState(lane, new AtomicLong(), inFlightBudget);
      lane.paths().forEach(p -> this.lanes.put(p, state));
    }
    this.readTimeoutMs = readTimeout.toMillis();
  }

  private record LaneState(Lane lane, AtomicLong inFlight, long budget) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    LaneState lane = lanes.get(Request.getPathInContext(request));
    if (lane != null && lane.lane().clientCertificate() && !hasClientCertificate(request)) {
      reject(request, response, callback, 403, "a client certificate is required");
      return true;
    }
    long declared = request.getLength();
    boolean chunked = declared < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    if (declared == 0 || (declared < 0 && !chunked)) {
      return super.handle(request, response, callback);
    }
    long cap = lane == null ? OTHER_MAX_BODY_BYTES : lane.lane().maxBodyBytes();
    if (declared > cap + DRAIN_BYTES) {
      if (lane != null && lane.lane().routesAnswerOversize()) {
        return oversizeToRoutes(request, response, callback, new byte[0]);
      }
      reject(request, response, callback, 413, tooLarge(cap));
      return true;
    }
    long reserved = declared > cap ? 0 : Math.max(0, declared);
    Release release = null;
    if (lane != null) {
      if (lane.inFlight().addAndGet(reserved) > lane.budget()) {
        lane.inFlight().addAndGet(-reserved);
        reject(request, response, callback, 503, "too many large request bodies in flight");
        return true;
      }
      release = new Release(callback, lane.inFlight(), reserved);
    }
    new BodyReader(
            request, response, release == null ? callback : release, release, lane, cap, declared)
        .start();
    return true;
  }

  /** Hands an oversized request to the lane's routes, with {@code body} in place of its body. */
  private boolean oversizeToRoutes(
      Request request, Response response, Callback callback, byte[] body) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Request truncated = new BufferedRequest(request, ByteBuffer.wrap(body));
    try {
      if (!super.handle(truncated, response, callback)) {
        Response.writeError(truncated, response, callback, 404);
      }
    } catch (Throwable t) {
      Response.writeError(truncated, response, callback, t);
    }
    return true;
  }

  private static boolean hasClientCertificate(Request request) {
    Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
    return data instanceof EndPoint.SslSessionData ssl
        && ssl.peerCertificates() != null
        && ssl.peerCertificates().length > 0;
  }

  private static String tooLarge(long cap) {
    return "request body is larger than " + cap + " bytes";
  }

  private static void reject(
      Request request, Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
    // the rest of the body is never read: the connection cannot be reused
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Content.Sink.write(response, true, message, callback);
  }

  /** Gives a lane's reserved bytes back when the exchange ends, however it ends. */
  private static final class Release implements Callback {
    private final Callback callback;
    private final AtomicLong inFlight;
    private final AtomicLong held = new AtomicLong();

    Release(Callback callback, AtomicLong inFlight, long reserved) {
      this.callback = callback;
      this.inFlight = inFlight;
      this.held.set(reserved);
    }

    void hold(long more) {
      held.addAndGet(more);
    }

    @Override
    public void succeeded() {
      free();
      callback.succeeded();
    }

    @Override
    public void failed(Throwable x) {
      free();
      callback.failed(x);
    }

    @Override
    public InvocationType getInvocationType() {
      return callback.getInvocationType();
    }

    private void free() {
      inFlight.addAndGet(-held.getAndSet(0));
    }
  }

  /** One body being read: the demand loop, the cap, the budget and the deadline. */
  private final class BodyReader implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Release release;
    private final LaneState lane;
    private final long cap;
    private final AtomicBoolean finished = new AtomicBoolean();
    private byte[] buffer;
    private long size;
    private long reserved;
    private boolean discarding;
    private byte[] kept = new byte[0];
    private final long declared;
    private Scheduler.Task deadline;

    BodyReader(
        Request request,
        Response response,
        Callback callback,
        Release release,
        LaneState lane,
        long cap,
        long declared) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.release = release;
      this.lane = lane;
      this.cap = cap;
      this.declared = declared;
      this.discarding = declared > cap;
      this.reserved = discarding ? 0 : Math.max(0, declared);
      this.buffer = new byte[(int) (declared > 0 && !discarding ? declared : 8192)];
    }

    void start() {
      deadline =
          request
              .getComponents()
              .getScheduler()
              .schedule(this::expire, readTimeoutMs, TimeUnit.MILLISECONDS);
      run();
    }

    /** Reads what has arrived; asks to be called again when more does. */
    @Override
    public void run() {
      while (!finished.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          if (finish()) {
            Response.writeError(request, response, callback, chunk.getFailure());
          }
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = bytes.remaining();
        boolean last = chunk.isLast();
        if (!discarding && size + n > cap) {
          discarding = true;
          kept = declared < 0 ? Arrays.copyOf(buffer, (int) cap + 1) : new byte[0];
          buffer = null;
        }
        if (discarding) {
          size += n;
          chunk.release();
          if (size > cap + DRAIN_BYTES || last) {
            if (finish()) {
              if (lane != null && lane.lane().routesAnswerOversize()) {
                oversizeToRoutes(request, response, callback, kept);
              } else {
                reject(request, response, callback, 413, tooLarge(cap));
              }
            }
            return;
          }
          continue;
        }
        if (lane != null && size + n > reserved) {
          long more = size + n - reserved;
          if (lane.inFlight().addAndGet(more) > lane.budget()) {
            lane.inFlight().addAndGet(-more);
            chunk.release();
            if (finish()) {
              reject(request, response, callback, 503, "too many large request bodies in flight");
            }
            return;
          }
          reserved += more;
          release.hold(more);
        }
        if (size + n > buffer.length) {
          buffer =
              Arrays.copyOf(buffer, (int) Math.min(cap, Math.max(size + n, 2L * buffer.length)));
        }
        bytes.get(buffer, (int) size, n);
        size += n;
        chunk.release();
        if (last) {
          if (finish()) {
            proceed();
          }
          return;
        }
      }
    }

    private void expire() {
      if (finish()) {
        reject(
            request,
            response,
            callback,
            408,
            "request body not complete within " + readTimeoutMs + " ms");
      }
    }

    /** True for the one caller that ends the exchange. */
    private boolean finish() {
      if (!finished.compareAndSet(false, true)) {
        return false;
      }
      if (deadline != null) {
        deadline.cancel();
      }
      return true;
    }

    private void proceed() {
      Request buffered = new BufferedRequest(request, ByteBuffer.wrap(buffer, 0, (int) size));
      try {
        if (!BufferedBodyHandler.super.handle(buffered, response, callback)) {
          Response.writeError(buffered, response, callback, 404);
        }
      } catch (Throwable t) {
        Response.writeError(buffered, response, callback, t);
      }
    }
  }

  /** The request with its body already in memory: one chunk, then the end. */
  private static final class BufferedRequest extends Request.Wrapper {
    private ByteBuffer body;

    BufferedRequest(Request request, ByteBuffer body) {
      super(request);
      this.body = body;
    }

    @Override
    public synchronized Content.Chunk read() {
      if (body == null) {
        return Content.Chunk.EOF;
      }
      Content.Chunk chunk = Content.Chunk.from(body, true);
      body = null;
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }
}
