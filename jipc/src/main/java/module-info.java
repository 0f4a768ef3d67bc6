/**
 * jipc: the Unix interprocess-communication toolkit for Java, bound to libc through the Foreign
 * Function &amp; Memory API.
 *
 * <p>Exported packages are the public API. {@code dev.jipc.internal} holds the libc bindings, the
 * platform constants and the readiness poller; it is the only package that touches
 * {@code java.lang.foreign} and is not exported. Run with {@code --enable-native-access=dev.jipc}
 * (or {@code ALL-UNNAMED} on the class path).
 */
module dev.jipc {
    // sun.misc.Signal: the JVM's own signal dispatch, which jipc's handlers are built on.
    requires jdk.unsupported;

    exports dev.jipc;
    exports dev.jipc.io;
    exports dev.jipc.net;
    exports dev.jipc.posixipc;
    exports dev.jipc.process;
    exports dev.jipc.pty;
    exports dev.jipc.signal;
    exports dev.jipc.sysv;
}
