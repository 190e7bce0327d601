package io.powermanager.agent.podresources;

import io.powermanager.agent.podresources.GrpcException.Code;
import io.powermanager.agent.podresources.Hpack.Field;
import io.powermanager.agent.podresources.Hpack.HpackException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Unary gRPC calls over HTTP/2 cleartext with prior knowledge (RFC 9113 §3.3) on a unix socket —
 * the transport of the kubelet's PodResources API — with the JDK alone.
 *
 * <p>Each call opens its own connection, sends the preface, its SETTINGS, one request on stream 1
 * and reads until that stream ends; nothing outlives the call (no connection state, no thread). The
 * connection and stream windows are opened wide at once, so the client never sends flow control;
 * the response is bounded instead: at most {@code maxMessageBytes}, frames of at most 16,384 octets
 * (the default SETTINGS_MAX_FRAME_SIZE, which this client keeps), header lists of at most 64 KiB,
 * and the whole call within its deadline (sent as {@code grpc-timeout} too). Server SETTINGS and
 * PINGs are acknowledged. What the server answers maps to {@link GrpcException} as gRPC's own
 * clients map it: {@code grpc-status} and {@code grpc-message} from the trailers, the HTTP status
 * when it is not 200, RST_STREAM's error code, and {@code UNAVAILABLE} for a socket that does not
 * connect or a connection that ends early.
 *
 * <p>This replaces grpc-java with Netty in the agent: the same calls cost the agent JVM some 1,300
 * classes and 9 MiB of resident memory there (agent/README.md, "Memory").
 */
final class UnixSocketGrpc {

  static final int MAX_FRAME = 16_384;
  static final int MAX_HEADER_LIST = 64 * 1024;

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int PUSH_PROMISE = 0x5;
  private static final int PING = 0x6;
  private static final int GOAWAY = 0x7;
  private static final int WINDOW_UPDATE = 0x8;
  private static final int CONTINUATION = 0x9;
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;
  private static final int SETTINGS_ENABLE_PUSH = 0x2;
  private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  private static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
  private static final int MAX_WINDOW = Integer.MAX_VALUE;
  private static final int DEFAULT_WINDOW = 65_535;
  private static final int STREAM = 1;

  private final Path socket;
  private final int maxMessageBytes;

  UnixSocketGrpc(Path socket, int maxMessageBytes) {
    this.socket = socket;
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Calls {@code method} ({@code /package.Service/Method}) with one serialized request message and
   * returns the one serialized response message.
   *
   * @throws GrpcException with the call's status when it is not OK
   */
  byte[] unary(String method, byte[] request, Duration timeout) throws GrpcException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (Thread.currentThread().isInterrupted()) {
      throw new GrpcException(Code.CANCELLED, "the calling thread is interrupted");
    }
    if (request.length > MAX_FRAME - 5) {
      throw new IllegalArgumentException(
          "a request of " + request.length + " octets; at most " + (MAX_FRAME - 5));
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      throw new GrpcException(Code.UNAVAILABLE, "cannot open a unix socket: " + e, e);
    }
    try (channel;
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      Call call = new Call(channel, channel.register(selector, 0), deadline);
      call.connect(UnixDomainSocketAddress.of(socket));
      call.send(method, request);
      byte[] response = call.receive();
      call.goAway();
      return response;
    } catch (IOException e) {
      throw new GrpcException(
          Code.UNAVAILABLE, "connection to " + socket + " failed: " + e.getMessage(), e);
    }
  }

  /** One call on its own connection. */
  private final class Call {
    private final SocketChannel channel;
    private final SelectionKey key;
    private final long deadline;
    private final ByteBuffer in = ByteBuffer.allocate(9 + MAX_FRAME);
    private final Hpack hpack = new Hpack(MAX_HEADER_LIST);
    private final Body body = new Body();
    private ByteArrayOutputStream block;
    private boolean blockEndsStream;
    private boolean headersSeen;

    Call(SocketChannel channel, SelectionKey key, long deadline) {
      this.channel = channel;
      this.key = key;
      this.deadline = deadline;
    }

    /**
     * Connects without blocking: a listener whose backlog is full (a kubelet that stopped
     * accepting) refuses at once or within the deadline, never blocks the caller.
     */
    void connect(UnixDomainSocketAddress address) throws GrpcException {
      try {
        if (!channel.connect(address)) {
          while (!channel.finishConnect()) {
            await(SelectionKey.OP_CONNECT);
          }
        }
      } catch (IOException e) {
        throw new GrpcException(
            Code.UNAVAILABLE, "cannot connect to " + socket + ": " + e.getMessage(), e);
      }
    }

    void send(String method, byte[] request) throws IOException, GrpcException {
      long millis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      byte[] headers =
          Hpack.encode(
              List.of(
                  new Field(":method", "POST"),
                  new Field(":scheme", "http"),
                  new Field(":path", method),
                  new Field(":authority", "localhost"),
                  new Field("content-type", "application/grpc"),
                  new Field("te", "trailers"),
                  new Field("grpc-timeout", Math.min(millis, 99_999_999) + "m"),
                  new Field("user-agent", "power-manager-agent")));
      ByteBuffer settings = ByteBuffer.allocate(18);
      settings.putShort((short) SETTINGS_ENABLE_PUSH).putInt(0);
      settings.putShort((short) SETTINGS_INITIAL_WINDOW_SIZE).putInt(MAX_WINDOW);
      settings.putShort((short) SETTINGS_MAX_HEADER_LIST_SIZE).putInt(MAX_HEADER_LIST);
      ByteBuffer message = ByteBuffer.allocate(5 + request.length);
      message.put((byte) 0).putInt(request.length).put(request);
      // four frames: SETTINGS, WINDOW_UPDATE, HEADERS, DATA
      ByteBuffer out =
          ByteBuffer.allocate(
              PREFACE.length
                  + 4 * 9
                  + settings.capacity()
                  + 4
                  + headers.length
                  + message.capacity());
      out.put(PREFACE);
      frame(out, SETTINGS, 0, 0, settings.array());
      frame(
          out,
          WINDOW_UPDATE,
          0,
          0,
          ByteBuffer.allocate(4).putInt(MAX_WINDOW - DEFAULT_WINDOW).array());
      frame(out, HEADERS, END_HEADERS, STREAM, headers);
      frame(out, DATA, END_STREAM, STREAM, message.array());
      write(out.flip());
    }

    byte[] receive() throws IOException, GrpcException {
      while (true) {
        ensure(9);
        int length = ((in.get(0) & 0xff) << 16) | ((in.get(1) & 0xff) << 8) | (in.get(2) & 0xff);
        int type = in.get(3) & 0xff;
        int flags = in.get(4) & 0xff;
        int stream = in.getInt(5) & 0x7fff_ffff;
        if (length > MAX_FRAME) {
          throw error(Code.INTERNAL, "a frame of " + length + " octets, above " + MAX_FRAME);
        }
        ensure(9 + length);
        byte[] payload = new byte[length];
        in.get(9, payload);
        in.flip().position(9 + length);
        in.compact();
        if (block != null && (type != CONTINUATION || stream != STREAM)) {
          throw error(Code.INTERNAL, "a header block interrupted by a frame of type " + type);
        }
        byte[] response = handle(type, flags, stream, payload);
        if (response != null) {
          return response;
        }
      }
    }

    /** Handles one frame; the response message once the call has ended well. */
    private byte[] handle(int type, int flags, int stream, byte[] payload)
        throws IOException, GrpcException {
      switch (type) {
        case DATA -> {
          onStream(stream, "DATA");
          if (!headersSeen) {
            throw error(Code.INTERNAL, "DATA before the response headers");
          }
          int[] range = unpad(flags, payload, 0);
          if (body.size() + range[1] > maxMessageBytes + 5L) {
            throw error(
                Code.RESOURCE_EXHAUSTED,
                "a response larger than the " + maxMessageBytes + " octets allowed");
          }
          body.write(payload, range[0], range[1]);
          if ((flags & END_STREAM) != 0) {
            throw error(Code.INTERNAL, "the response ended without trailers");
          }
          return null;
        }
        case HEADERS -> {
          onStream(stream, "HEADERS");
          int[] range = unpad(flags, payload, (flags & PRIORITY) != 0 ? 5 : 0);
          block = new ByteArrayOutputStream(range[1]);
          block.write(payload, range[0], range[1]);
          blockEndsStream = (flags & END_STREAM) != 0;
          return (flags & END_HEADERS) != 0 ? headerBlock() : null;
        }
        case CONTINUATION -> {
          if (block == null) {
            throw error(Code.INTERNAL, "CONTINUATION without HEADERS");
          }
          if (block.size() + payload.length > MAX_HEADER_LIST) {
            throw error(Code.INTERNAL, "a header block larger than " + MAX_HEADER_LIST);
          }
          block.write(payload, 0, payload.length);
          return (flags & END_HEADERS) != 0 ? headerBlock() : null;
        }
        case RST_STREAM -> {
          onStream(stream, "RST_STREAM");
          if (payload.length != 4) {
            throw error(Code.INTERNAL, "RST_STREAM of " + payload.length + " octets");
          }
          int code = ByteBuffer.wrap(payload).getInt();
          throw error(resetCode(code), "the server reset the stream (HTTP/2 error " + code + ")");
        }
        case SETTINGS -> {
          if (stream != 0
              || payload.length % 6 != 0
              || ((flags & ACK) != 0 && payload.length > 0)) {
            throw error(Code.INTERNAL, "a malformed SETTINGS frame");
          }
          if ((flags & ACK) == 0) {
            write(frame(SETTINGS, ACK, 0, new byte[0]));
          }
          return null;
        }
        case PING -> {
          if (stream != 0 || payload.length != 8) {
            throw error(Code.INTERNAL, "a malformed PING frame");
          }
          if ((flags & ACK) == 0) {
            write(frame(PING, ACK, 0, payload));
          }
          return null;
        }
        case GOAWAY -> {
          if (payload.length < 8) {
            throw error(Code.INTERNAL, "a malformed GOAWAY frame");
          }
          ByteBuffer b = ByteBuffer.wrap(payload);
          int last = b.getInt() & 0x7fff_ffff;
          int code = b.getInt();
          if (last < STREAM) {
            throw error(
                Code.UNAVAILABLE,
                "the server went away before the call (HTTP/2 error "
                    + code
                    + ", "
                    + new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8)
                    + ")");
          }
          return null;
        }
        case PUSH_PROMISE -> throw error(Code.INTERNAL, "PUSH_PROMISE though push is disabled");
        default -> {
          // WINDOW_UPDATE (this client sends little), PRIORITY and unknown types: ignored
          return null;
        }
      }
    }

    private byte[] headerBlock() throws GrpcException {
      List<Field> fields;
      try {
        fields = hpack.decode(block.toByteArray());
      } catch (HpackException e) {
        throw error(Code.INTERNAL, "a malformed header block: " + e.getMessage());
      }
      block = null;
      if (!headersSeen) {
        headersSeen = true;
        String status = value(fields, ":status");
        String grpcStatus = value(fields, "grpc-status");
        if (!"200".equals(status) && grpcStatus == null) {
          throw error(httpCode(status), "HTTP status " + status);
        }
        if (!blockEndsStream) {
          String type = value(fields, "content-type");
          if (type == null || !type.startsWith("application/grpc")) {
            throw error(Code.UNKNOWN, "a response of content-type " + type);
          }
          return null;
        }
      } else if (!blockEndsStream) {
        throw error(Code.INTERNAL, "trailers that do not end the stream");
      }
      return end(fields);
    }

    private byte[] end(List<Field> trailers) throws GrpcException {
      String status = value(trailers, "grpc-status");
      if (status == null) {
        throw error(Code.UNKNOWN, "no grpc-status in the trailers");
      }
      Code code = Code.of(status);
      if (code != Code.OK) {
        String message = value(trailers, "grpc-message");
        throw error(code, message == null ? "" : percentDecoded(message));
      }
      if (body.size() < 5) {
        throw error(Code.INTERNAL, "the call succeeded without a response message");
      }
      if (body.compressed()) {
        throw error(Code.INTERNAL, "a compressed response though none was offered");
      }
      int length = body.announcedLength();
      if (length != body.size() - 5) {
        throw error(
            Code.INTERNAL,
            "a response message of " + (body.size() - 5) + " octets announced as " + length);
      }
      return body.message();
    }

    void goAway() {
      try {
        write(frame(GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(STREAM).putInt(0).array()));
      } catch (IOException | GrpcException e) {
        // the call has its answer; the connection closes next either way
      }
    }

    private void onStream(int stream, String type) throws GrpcException {
      if (stream != STREAM) {
        throw error(
            Code.INTERNAL, type + " on stream " + stream + ", which this call did not open");
      }
    }

    /** {offset, length} of a frame's data without its padding and {@code skip} leading octets. */
    private int[] unpad(int flags, byte[] payload, int skip) throws GrpcException {
      int start = 0;
      int pad = 0;
      if ((flags & PADDED) != 0) {
        if (payload.length < 1) {
          throw error(Code.INTERNAL, "a padded frame without its pad length");
        }
        pad = payload[0] & 0xff;
        start = 1;
      }
      start += skip;
      int length = payload.length - start - pad;
      if (length < 0) {
        throw error(Code.INTERNAL, "padding longer than its frame");
      }
      return new int[] {start, length};
    }

    /** Until {@code in} holds {@code n} octets, read; the deadline bounds every wait. */
    private void ensure(int n) throws IOException, GrpcException {
      while (in.position() < n) {
        int read = channel.read(in);
        if (read < 0) {
          throw error(Code.UNAVAILABLE, "the server closed the connection before the call ended");
        }
        if (read == 0) {
          await(SelectionKey.OP_READ);
        }
      }
    }

    private void write(ByteBuffer out) throws IOException, GrpcException {
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(SelectionKey.OP_WRITE);
        }
      }
    }

    /**
     * Waits until the channel is ready for {@code op}; the deadline and an interrupt of the calling
     * thread (which stays set) end the call, as they end a grpc-java blocking call.
     */
    private void await(int op) throws IOException, GrpcException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw error(Code.DEADLINE_EXCEEDED, "no answer within the deadline");
      }
      key.interestOps(op);
      key.selector().select(Math.max(1, left / 1_000_000));
      key.selector().selectedKeys().clear();
      if (Thread.currentThread().isInterrupted()) {
        throw error(Code.CANCELLED, "the calling thread was interrupted");
      }
    }

    private GrpcException error(Code code, String description) {
      return new GrpcException(code, description);
    }
  }

  /**
   * The DATA of a response: its 5-octet gRPC prefix and the message, read where they lie (a
   * response may be as large as {@code maxMessageBytes}; {@code toByteArray()} would copy it once
   * more before the message is copied out).
   */
  private static final class Body extends ByteArrayOutputStream {
    Body() {
      super(1024);
    }

    boolean compressed() {
      return buf[0] != 0;
    }

    int announcedLength() {
      return ByteBuffer.wrap(buf, 1, 4).getInt();
    }

    byte[] message() {
      return Arrays.copyOfRange(buf, 5, count);
    }
  }

  private static ByteBuffer frame(int type, int flags, int stream, byte[] payload) {
    ByteBuffer out = ByteBuffer.allocate(9 + payload.length);
    frame(out, type, flags, stream, payload);
    return out.flip();
  }

  private static void frame(ByteBuffer out, int type, int flags, int stream, byte[] payload) {
    out.put((byte) (payload.length >>> 16))
        .put((byte) (payload.length >>> 8))
        .put((byte) payload.length)
        .put((byte) type)
        .put((byte) flags)
        .putInt(stream)
        .put(payload);
  }

  private static String value(List<Field> fields, String name) {
    for (Field f : fields) {
      if (f.name().equals(name)) {
        return f.value();
      }
    }
    return null;
  }

  /** gRPC's mapping of an HTTP status other than 200 (doc/http-grpc-status-mapping.md). */
  static Code httpCode(String status) {
    return switch (status == null ? "" : status) {
      case "400" -> Code.INTERNAL;
      case "401" -> Code.UNAUTHENTICATED;
      case "403" -> Code.PERMISSION_DENIED;
      case "404" -> Code.UNIMPLEMENTED;
      case "429", "502", "503", "504" -> Code.UNAVAILABLE;
      default -> Code.UNKNOWN;
    };
  }

  /** gRPC's mapping of an RST_STREAM error code (PROTOCOL-HTTP2.md, "Errors"). */
  static Code resetCode(int http2Error) {
    return switch (http2Error) {
      case 0x7 -> Code.UNAVAILABLE; // REFUSED_STREAM
      case 0x8 -> Code.CANCELLED; // CANCEL
      case 0xb -> Code.RESOURCE_EXHAUSTED; // ENHANCE_YOUR_CALM
      case 0xc -> Code.PERMISSION_DENIED; // INADEQUATE_SECURITY
      default -> Code.INTERNAL;
    };
  }

  /** A {@code grpc-message} value: percent-encoded UTF-8. */
  static String percentDecoded(String value) {
    byte[] raw = value.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length) {
        int hi = Character.digit(raw[i + 1], 16);
        int lo = Character.digit(raw[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      out.write(raw[i]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
