/**
 * What tests of every chapter share, beyond one test class: child JVMs that a test can kill,
 * pause and resume ({@link io.patrickdb.testing.ChildJvm}), and the logs those children leave
 * ({@link io.patrickdb.testing.ChildLogs}, kept only when a test fails:
 * {@link io.patrickdb.testing.KeepChildLogs}).
 *
 * <p>A crash test needs a real process. Killing a thread, or closing a store without flushing,
 * runs code the real crash does not run: finally blocks, shutdown hooks, the JDK's buffers
 * emptied on close. Only a process killed by the kernel (SIGKILL) stops exactly where it was, with
 * its page cache kept and its user-space buffers lost, and only a process stopped by the kernel
 * (SIGSTOP) stalls the way a long garbage collection or a frozen virtual machine does: holding its
 * sockets open while answering nothing.
 *
 * <p>Chapter 2's test tree adds a server to talk to ({@code RunningServer}, {@code RawConnection})
 * in the package of the same name.
 */
package io.patrickdb.testing;
