package io.patrickdb.course;

/** One test's result from a test report: passed, failed (assertion or error) or skipped. */
public record TestOutcome(String testClass, String name, Status status, String message) {
    public enum Status { PASSED, FAILED, SKIPPED }

    public String displayName() {
        return testClass.substring(testClass.lastIndexOf('.') + 1) + "." + name;
    }
}
