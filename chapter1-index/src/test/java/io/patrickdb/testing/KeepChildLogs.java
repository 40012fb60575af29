package io.patrickdb.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for tests that start {@link ChildJvm}s: each test's children log under
 * {@code target/child-logs/<test class>/<test method>/}; when the test passes the logs are deleted,
 * when it fails they are kept, their paths and last lines are printed to the test's output, and
 * their paths are added to the failure itself (as a suppressed exception), so that they show in
 * the build's report even though surefire sends the test's output to a file.
 *
 * <p>Use it with {@code @ExtendWith(KeepChildLogs.class)} on the test class.
 */
public final class KeepChildLogs implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeepChildLogs.class);
    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

    @Override
    public void beforeEach(ExtensionContext context) {
        ChildLogs logs = ChildLogs.freshIn(directoryOf(context));
        context.getStore(NAMESPACE).put(ChildLogs.class, logs);
        ChildLogs.begin(logs);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ChildLogs.end();
        ChildLogs logs = context.getStore(NAMESPACE).remove(ChildLogs.class, ChildLogs.class);
        Optional<Throwable> failure = context.getExecutionException();
        logs.finish(failure).ifPresent(report -> {
            System.out.println(report); // the test's own output: target/surefire-reports/*-output.txt
            failure.get().addSuppressed(new LogsKept(logs.files()));
        });
    }

    /**
     * {@code <root>/<test class>/<test method>}, and for the second and later invocations of a
     * parameterized or repeated test {@code <test method>[N]}, so that each keeps its own logs.
     */
    static Path directoryOf(ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName();
        Matcher invocation = INVOCATION.matcher(context.getUniqueId());
        String test = invocation.find() ? method + "[" + invocation.group(1) + "]" : method;
        return ChildLogs.ROOT.resolve(context.getRequiredTestClass().getName()).resolve(test);
    }

    /** Not an error: the note on a failure that says where the logs of its children are. */
    static final class LogsKept extends Exception {
        LogsKept(List<Path> logs) {
            super("logs of this test's child JVMs kept: " + logs, null, false, false);
        }
    }
}
