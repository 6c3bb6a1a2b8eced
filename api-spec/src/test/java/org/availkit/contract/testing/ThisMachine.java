package org.availkit.contract.testing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;

/** This machine's network, for tests of what listens where (loopback only, or every interface). */
public final class ThisMachine {

  private ThisMachine() {}

  /** An address of this machine other than loopback (IPv4 first), if it has one. */
  public static Optional<InetAddress> externalAddress() throws SocketException {
    List<InetAddress> found =
        NetworkInterface.networkInterfaces()
            .filter(ThisMachine::upAndNotLoopback)
            .flatMap(NetworkInterface::inetAddresses)
            .filter(
                a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
            .toList();
    return found.stream()
        .filter(a -> a instanceof Inet4Address)
        .findFirst()
        .or(() -> found.stream().findFirst());
  }

  /** Whether a TCP connection to {@code address:port} is accepted within 3 s. */
  public static boolean reachable(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 3_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean upAndNotLoopback(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
