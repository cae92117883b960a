package io.switchboard.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive connection: writes a GET, reads the status
 * line, the headers and a {@code Content-Length} body, and reuses the socket. One per load worker,
 * the way row 4's gRPC side gives each worker a blocking stub. The JDK's {@code HttpClient} cost
 * about 0.28 ms of CPU per request in this process, more than the server's own work, so with it row
 * 4 measured the client (BENCHMARKS.md). Not a general client: no chunked bodies, no redirects, no
 * TLS.
 */
final class KeepAliveHttpClient implements AutoCloseable {

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  KeepAliveHttpClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** A response's status and body. */
  record Response(int status, byte[] body) {}

  /**
   * Sends a GET on the kept connection, or on a new one when there is none. A kept connection that
   * the server closed while it was idle (its keep-alive timeout) fails before any byte of a
   * response; the request is then sent once more on a new connection, as browsers and HTTP clients
   * do. Any other failure closes the connection and throws.
   */
  Response get(String pathAndQuery, String authorization) throws IOException {
    boolean reused = socket != null;
    try {
      return exchange(pathAndQuery, authorization);
    } catch (StaleConnectionException e) {
      close();
      if (!reused) {
        throw e;
      }
      return get(pathAndQuery, authorization);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static final class StaleConnectionException extends IOException {
    StaleConnectionException(String message) {
      super(message);
    }
  }

  private Response exchange(String pathAndQuery, String authorization) throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }
    int first;
    try {
      out.write(
          ("GET "
                  + pathAndQuery
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + ":"
                  + port
                  + "\r\nAuthorization: "
                  + authorization
                  + "\r\nAccept: application/json\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      first = in.read();
    } catch (IOException e) {
      throw new StaleConnectionException(
          "the connection failed before the response: " + e.getMessage());
    }
    if (first < 0) {
      throw new StaleConnectionException("connection closed by the server before the response");
    }
    String statusLine = (char) first + line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = -1;
    boolean close = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = colon < 0 ? header : header.substring(0, colon).trim();
      String value = colon < 0 ? "" : header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        throw new IOException("chunked responses are not supported by this client");
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      }
    }
    if (length < 0) {
      throw new IOException("response without Content-Length");
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed inside the body");
    }
    if (close) {
      close();
    }
    return new Response(status, body);
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
