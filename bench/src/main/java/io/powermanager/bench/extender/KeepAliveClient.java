package io.powermanager.bench.extender;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one keep-alive connection, for measuring the server and not a client
 * library: one request at a time, as kube-scheduler's extender client sends them. Reads {@code
 * Content-Length} and chunked bodies. Not thread-safe.
 */
final class KeepAliveClient implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;

  KeepAliveClient(String host, int port) {
    try {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      head =
          ("Host: "
                  + host
                  + ":"
                  + port
                  + "\r\nContent-Type: application/json\r\nAccept-Encoding: gzip\r\n")
              .getBytes(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
    }
  }

  /**
   * Posts {@code body} to {@code path} and returns the response body.
   *
   * @throws IllegalStateException when the status is not 200
   */
  byte[] post(String path, byte[] body) {
    try {
      out.write(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      out.write(
          ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String status = line();
      long length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      byte[] response = chunked ? chunks() : in.readNBytes((int) length);
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IllegalStateException(
            path + " answered " + status + ": " + new String(response, StandardCharsets.UTF_8));
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException("request to " + path + " failed", e);
    }
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        size > 0;
        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
      body.write(in.readNBytes(size));
      line();
    }
    line(); // the empty line after the last chunk (no trailers are sent)
    return body.toByteArray();
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed by the server");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
