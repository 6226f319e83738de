package dev.campaigntick.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a server that can go silent the way a vanished host does (a failover, a
 * dropped NAT entry, a cut cable): while frozen, connections stay open and accept bytes, but
 * nothing is passed on in either direction, so a client waiting for an answer waits, with no reset
 * to tell it. Thawed, it passes bytes on again, and new connections work.
 */
public final class FrozenNetworkRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile boolean frozen;

  public FrozenNetworkRelay(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepting = new Thread(this::accept, "relay-accept");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** The port clients connect to instead of the server's. */
  public int port() {
    return listener.getLocalPort();
  }

  /** From now on nothing passes, in either direction, on any connection. */
  public void freeze() {
    frozen = true;
  }

  /** Bytes pass again, held ones first. */
  public void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  @Override
  public void close() throws IOException {
    thaw();
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(server);
        pass(client, server);
        pass(server, client);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pass(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread passing =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  awaitThaw();
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side closed: close both
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "relay-pass");
    passing.setDaemon(true);
    passing.start();
  }

  private void awaitThaw() throws InterruptedException {
    synchronized (gate) {
      while (frozen) {
        gate.wait();
      }
    }
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
