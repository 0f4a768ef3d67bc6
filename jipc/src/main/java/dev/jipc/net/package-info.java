/**
 * Sockets: TCP and UDP over IPv4 and IPv6, Unix-domain stream and datagram sockets (by path or
 * abstract name), socket pairs, descriptor passing and peer credentials, and servers that give each
 * connection a virtual thread or a child process.
 *
 * <h2>The shape of the API</h2>
 * <ul>
 *   <li>{@link dev.jipc.net.Tcp}: {@code connect(host, port | service [, timeout])},
 *       {@code connect(InetSocketAddress [, timeout])}, {@code listen(port | service)},
 *       {@code listen(host, port)}, {@code listen(InetSocketAddress [, backlog])}.</li>
 *   <li>{@link dev.jipc.net.Unix}: {@code connect(Path)}, {@code connectAbstract(name)},
 *       {@code listen(Path [, permissions [, backlog]])}, {@code listenAbstract(name)},
 *       {@code datagram()}, {@code bindDatagram(Path)}, {@code isSocket(Path)}.</li>
 *   <li>{@link dev.jipc.net.Udp}: {@code open()}, {@code bind(port | address)},
 *       {@code connect(host, port | service)}, {@code address(host, service)}.</li>
 *   <li>{@link dev.jipc.net.SocketPair}: {@code stream()}, {@code datagram()}; {@code first()},
 *       {@code second()}.</li>
 *   <li>{@link dev.jipc.net.StreamSocket}, a connection: {@code read}, {@code readFully},
 *       {@code write}, {@code writeFully}, {@code setReadTimeout}, {@code setWriteTimeout},
 *       {@code shutdownOutput},
 *       {@code shutdownInput}, {@code inputStream}, {@code outputStream}, {@code channel},
 *       {@code fd} (for {@link dev.jipc.io.LineReader}, {@link dev.jipc.io.LineWriter} and
 *       {@link dev.jipc.io.Readiness}), {@code localAddress}, {@code remoteAddress},
 *       {@code remoteHostName}, {@code setOption}/{@code option} (the JDK's standard options and
 *       {@link dev.jipc.net.TcpOptions#CONGESTION_CONTROL}) and {@code setNoDelay},
 *       {@code setKeepAlive}, {@code setLinger}, {@code peerCredentials},
 *       {@code sendWithFds}, {@code receiveWithFds}, {@code handOff} (for a child process);
 *       {@code StreamSocket.adopt(fd)} takes over an inherited connection (inetd-style stdin).</li>
 *   <li>{@link dev.jipc.net.Listener}: {@code accept([timeout])}, {@code port}, {@code localAddress},
 *       {@code fd}, {@code handOff}, {@code close} (removes its Unix socket file).</li>
 *   <li>{@link dev.jipc.net.DatagramEndpoint}: {@code send(bytes, to)}, {@code send(bytes)} when
 *       connected, {@code receive(buffer [, timeout])} giving a {@link dev.jipc.net.Datagram} (length,
 *       real size, sender, {@code truncated()}), {@code connect}, {@code setBroadcast},
 *       {@code joinGroup}, {@code sendWithFds}, {@code receiveWithFds}, {@code handOff}.</li>
 *   <li>{@link dev.jipc.net.SocketServer}: {@code start(listener, handler)} (a virtual thread per
 *       connection), {@code spawning(listener, command)} (a child per connection, inetd-style),
 *       {@code stop}, {@code close}, {@code awaitTermination}.</li>
 *   <li>{@link dev.jipc.net.Services} ({@code "13"}, {@code "daytime"}, {@code "daytime(13)"}) and
 *       {@link dev.jipc.net.Resolver} (forward and reverse lookups through the C library).</li>
 * </ul>
 *
 * <h2>Blocking and threads</h2>
 * Every socket is an {@link dev.jipc.io.Fd}, close-on-exec from creation. A virtual thread blocked
 * in {@code read} or {@code accept} parks on jipc's poller and holds no carrier, so one process can
 * serve thousands of idle connections with a thread each; a platform thread reading or writing
 * without a timeout sleeps inside {@code recv}/{@code send} as a blocking C program does, one system
 * call per read or write (connected sockets are in blocking mode, and calls that must not block say
 * so with {@code MSG_DONTWAIT}). Interrupting a blocked thread throws
 * {@link java.io.InterruptedIOException} and leaves the socket open; closing the socket from another
 * thread wakes it with {@link java.nio.channels.AsynchronousCloseException}.
 *
 * <h2>Errors</h2>
 * System call failures are {@link dev.jipc.ErrnoException}s to branch on by
 * {@link dev.jipc.ErrnoException#errno()}: {@code EADDRINUSE} (port taken, live Unix server),
 * {@code ECONNREFUSED}, {@code EPIPE} and {@code ECONNRESET} (peer gone; never a SIGPIPE).
 * Time-outs are {@link dev.jipc.TimedOutException}s. Bad input has its own types:
 * {@link dev.jipc.net.InvalidPortException}, {@link dev.jipc.net.ServiceNotFoundException},
 * {@link java.net.UnknownHostException}, {@link dev.jipc.net.UnixPathTooLongException}.
 *
 * <h2>Addresses</h2>
 * The JDK's {@link java.net.InetSocketAddress} and {@link java.net.UnixDomainSocketAddress}, plus
 * {@link dev.jipc.net.AbstractUnixAddress} for Linux's abstract namespace, which the JDK lacks.
 */
package dev.jipc.net;
