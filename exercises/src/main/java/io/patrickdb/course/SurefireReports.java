package io.patrickdb.course;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the XML reports Maven Surefire writes ({@code target/surefire-reports/TEST-*.xml}): one
 * {@code testcase} element per test, with a {@code failure}, {@code error} or {@code skipped}
 * child when it did not pass.
 */
final class SurefireReports {
    private SurefireReports() {
    }

    static List<TestOutcome> read(Path reportsDir) throws IOException {
        List<TestOutcome> outcomes = new ArrayList<>();
        if (!Files.isDirectory(reportsDir)) {
            return outcomes;
        }
        List<Path> reports;
        try (Stream<Path> list = Files.list(reportsDir)) {
            reports = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        for (Path report : reports) {
            outcomes.addAll(parse(report));
        }
        return outcomes;
    }

    private static List<TestOutcome> parse(Path report) throws IOException {
        try (InputStream in = Files.newInputStream(report)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList cases = factory.newDocumentBuilder().parse(in).getElementsByTagName("testcase");
            List<TestOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < cases.getLength(); i++) {
                outcomes.add(outcome((Element) cases.item(i)));
            }
            return outcomes;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read test report " + report + ": " + e.getMessage(), e);
        }
    }

    private static TestOutcome outcome(Element testcase) {
        String testClass = testcase.getAttribute("classname");
        String name = testcase.getAttribute("name");
        for (String problem : List.of("failure", "error")) {
            NodeList found = testcase.getElementsByTagName(problem);
            if (found.getLength() > 0) {
                Element e = (Element) found.item(0);
                String message = e.getAttribute("message");
                if (message.isBlank()) {
                    message = e.getAttribute("type");
                }
                return new TestOutcome(testClass, name, TestOutcome.Status.FAILED, message.strip());
            }
        }
        if (testcase.getElementsByTagName("skipped").getLength() > 0) {
            return new TestOutcome(testClass, name, TestOutcome.Status.SKIPPED, "");
        }
        return new TestOutcome(testClass, name, TestOutcome.Status.PASSED, "");
    }
}
