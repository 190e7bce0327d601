package io.powermanager.agent.podresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.powermanager.agent.podresources.GrpcException.Code;
import io.powermanager.agent.podresources.Hpack.Field;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport against a scripted server on a real unix socket: what a misbehaving or hostile
 * server sends ends every call with the status gRPC's clients give it, within the deadline.
 */
class UnixSocketGrpcTest {

  @TempDir Path dir;

  private ServerSocketChannel server;
  private CompletableFuture<byte[]> received;
  private final CountDownLatch requestRead = new CountDownLatch(1);

  @AfterEach
  void close() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /** Serves one connection: reads the client's first frames, answers {@code reply}, then waits. */
  private Path serve(byte[] reply, boolean thenClose) throws IOException {
    Path socket = dir.resolve("kubelet.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    received =
        CompletableFuture.supplyAsync(
            () -> {
              try (SocketChannel c = server.accept()) {
                ByteBuffer in = ByteBuffer.allocate(4096);
                c.read(in);
                requestRead.countDown();
                c.write(ByteBuffer.wrap(reply));
                if (!thenClose) {
                  ByteBuffer rest = ByteBuffer.allocate(4096);
                  while (c.read(rest.clear()) >= 0) {
                    in = grow(in, rest.flip());
                  }
                }
                return Arrays.copyOf(in.array(), in.position());
              } catch (IOException e) {
                return new byte[0];
              }
            });
    return socket;
  }

  private static ByteBuffer grow(ByteBuffer in, ByteBuffer more) {
    if (in.remaining() < more.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2 + more.remaining());
      in = bigger.put(in.flip());
    }
    return in.put(more);
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    return ByteBuffer.allocate(9 + payload.length)
        .put((byte) (payload.length >>> 16))
        .put((byte) (payload.length >>> 8))
        .put((byte) payload.length)
        .put((byte) type)
        .put((byte) flags)
        .putInt(stream)
        .put(payload)
        .array();
  }

  private static byte[] headers(int flags, Field... fields) {
    return frame(0x1, 0x4 | flags, 1, Hpack.encode(List.of(fields)));
  }

  private static byte[] message(byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(body.length).put(body).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  private static final byte[] SETTINGS = frame(0x4, 0, 0, new byte[0]);
  private static final byte[] OK_HEADERS =
      headers(0, new Field(":status", "200"), new Field("content-type", "application/grpc"));
  private static final byte[] OK_TRAILERS = headers(0x1, new Field("grpc-status", "0"));

  private static byte[] call(Path socket, Duration deadline) throws GrpcException {
    return new UnixSocketGrpc(socket, 1024)
        .unary("/v1.PodResourcesLister/List", new byte[] {1, 2}, deadline);
  }

  @Test
  void returnsTheMessageAndSendsAGrpcRequestWithItsDeadline() throws Exception {
    // Given: SETTINGS and a PING first, then a padded DATA frame split over two frames
    byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
    byte[] msg = message(body);
    byte[] padded = concat(new byte[] {2}, Arrays.copyOf(msg, 3), new byte[2]);
    Path socket =
        serve(
            concat(
                SETTINGS,
                frame(0x6, 0, 0, new byte[8]),
                OK_HEADERS,
                frame(0x0, 0x8, 1, padded),
                frame(0x0, 0, 1, Arrays.copyOfRange(msg, 3, msg.length)),
                OK_TRAILERS),
            false);

    // When
    byte[] answer = call(socket, Duration.ofSeconds(5));

    // Then
    assertThat(answer).isEqualTo(body);
    String sent = new String(received.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
    assertThat(sent)
        .startsWith("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        .contains(
            "/v1.PodResourcesLister/List", "application/grpc", "te", "trailers", "grpc-timeout");
  }

  @Test
  void mapsWhatTheServerAnswersToGrpcStatuses() throws Exception {
    record Case(byte[] reply, Code code, String description) {}
    List<Case> cases =
        List.of(
            new Case(
                concat(
                    SETTINGS,
                    headers(
                        0x1,
                        new Field(":status", "200"),
                        new Field("grpc-status", "8"),
                        new Field("grpc-message", "rate %E2%9C%93 limited"))),
                Code.RESOURCE_EXHAUSTED,
                "rate ✓ limited"),
            new Case(
                headers(0x1, new Field(":status", "404")), Code.UNIMPLEMENTED, "HTTP status 404"),
            new Case(
                concat(OK_HEADERS, frame(0x3, 0, 1, new byte[] {0, 0, 0, 7})),
                Code.UNAVAILABLE,
                "reset the stream"),
            new Case(
                concat(OK_HEADERS, frame(0x0, 0x1, 1, message(new byte[3]))),
                Code.INTERNAL,
                "without trailers"),
            new Case(
                concat(OK_HEADERS, frame(0x0, 0, 1, message(new byte[2000])), OK_TRAILERS),
                Code.RESOURCE_EXHAUSTED,
                "larger than the 1024 octets"),
            new Case(
                concat(OK_HEADERS, frame(0x0, 0, 1, new byte[] {1, 0, 0, 0, 0}), OK_TRAILERS),
                Code.INTERNAL,
                "compressed"),
            new Case(
                concat(OK_HEADERS, frame(0x0, 0, 1, new byte[] {0, 0, 0, 0, 9}), OK_TRAILERS),
                Code.INTERNAL,
                "announced as 9"),
            new Case(
                concat(OK_HEADERS, headers(0x1, new Field("x", "y"))),
                Code.UNKNOWN,
                "no grpc-status"),
            new Case(
                headers(0, new Field(":status", "200"), new Field("content-type", "text/html")),
                Code.UNKNOWN,
                "content-type text/html"),
            new Case(frame(0x0, 0, 1, message(new byte[1])), Code.INTERNAL, "DATA before"),
            new Case(new byte[] {0x00, 0x40, 0x01, 0, 0, 0, 0, 0, 1}, Code.INTERNAL, "above 16384"),
            new Case(frame(0x1, 0x4, 1, new byte[] {(byte) 0x80}), Code.INTERNAL, "header block"),
            new Case(frame(0x7, 0, 0, new byte[8]), Code.UNAVAILABLE, "went away"),
            new Case(frame(0x5, 0x4, 1, new byte[4]), Code.INTERNAL, "PUSH_PROMISE"));
    for (Case c : cases) {
      // Given
      close();
      Path socket = serve(c.reply(), false);

      // When / Then
      assertThatThrownBy(() -> call(socket, Duration.ofSeconds(5)))
          .as(c.description())
          .isInstanceOfSatisfying(
              GrpcException.class,
              e -> {
                assertThat(e.code()).isEqualTo(c.code());
                assertThat(e.description()).contains(c.description());
              });
      Files.deleteIfExists(socket);
    }
  }

  @Test
  void endsACallTheServerNeverAnswersAtItsDeadline() throws Exception {
    // Given
    Path socket = serve(SETTINGS, false);

    // When / Then
    assertThatThrownBy(() -> call(socket, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            GrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
  }

  @Test
  void endsAWaitingCallWhenItsThreadIsInterruptedAndKeepsTheInterrupt() throws Exception {
    // Given: a server that never answers, a call with a minute of deadline waiting for it
    Path socket = serve(SETTINGS, false);
    CompletableFuture<Thread> caller = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    CompletableFuture<Code> code =
        CompletableFuture.supplyAsync(
            () -> {
              caller.complete(Thread.currentThread());
              try {
                call(socket, Duration.ofMinutes(1));
                return Code.OK;
              } catch (GrpcException e) {
                return e.code();
              } finally {
                stillInterrupted.complete(Thread.interrupted());
              }
            });
    assertThat(requestRead.await(10, TimeUnit.SECONDS)).isTrue();

    // When
    caller.get(10, TimeUnit.SECONDS).interrupt();

    // Then: well before the deadline
    assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(Code.CANCELLED);
    assertThat(stillInterrupted.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesAtOnceWhenTheListenerStoppedAccepting() throws Exception {
    // Given: a listener that never accepts, its backlog of one filled by other clients
    Path socket = dir.resolve("stuck.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket), 1);
    List<SocketChannel> queued = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.configureBlocking(false);
        queued.add(c);
        try {
          c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException full) {
          break;
        }
      }

      // When: a call with a minute of deadline
      CompletableFuture<Code> code =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  call(socket, Duration.ofMinutes(1));
                  return Code.OK;
                } catch (GrpcException e) {
                  return e.code();
                }
              });

      // Then: refused at once, not blocked until the backlog frees
      assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(Code.UNAVAILABLE);
    } finally {
      for (SocketChannel c : queued) {
        c.close();
      }
    }
  }

  @Test
  void reportsAConnectionClosedEarlyOrNoServerAsUnavailable() throws Exception {
    // Given
    Path socket = serve(OK_HEADERS, true);

    // When / Then
    assertThatThrownBy(() -> call(socket, Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            GrpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
              assertThat(e.description()).contains("closed the connection");
            });
    assertThatThrownBy(() -> call(dir.resolve("absent.sock"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            GrpcException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
              assertThat(e.description()).contains("cannot connect to", "absent.sock");
            });
  }
}
