package org.availkit.server.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the database that can cut the network: once {@link #cut()}, nothing goes
 * through either way and new connections are taken but never answered (a network that went silent:
 * no reset, no refusal, as a dropped route or a frozen host looks to the server). {@link
 * #restore()} ends the connections the cut held (as they would end once the far side had given up)
 * and lets new ones through again.
 */
final class CuttableProxy implements AutoCloseable {

  private final int target;
  private final ServerSocket listener;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  CuttableProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  void cut() {
    cut = true;
  }

  void restore() {
    cut = false;
    for (Socket socket : open) {
      close(socket);
    }
    open.clear();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        open.add(client);
        if (cut) {
          continue; // held, unanswered, until restore()
        }
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2_000);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // The listener closed, or the database refused: the client sees its connection end.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (!cut) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                  // While cut, what comes is dropped, as a silent network drops it.
                }
              } catch (IOException e) {
                // One side ended.
              } finally {
                close(from);
                close(to);
              }
            },
            "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    restore();
  }
}
