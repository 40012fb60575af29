package io.patrickdb.encoding;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java's built-in serialization ({@link ObjectOutputStream}): the cautionary tale. It is one line
 * to use and costs dearly:
 * <ul>
 *   <li><b>Size.</b> The stream describes every class it contains: the full class name, the
 *       {@code serialVersionUID}, and every field's name and type, before the first value.</li>
 *   <li><b>Speed.</b> Fields are read and written by reflection, and every object is tracked in a
 *       table of back-references.</li>
 *   <li><b>Coupling.</b> The bytes name Java classes. Only a Java program with those very classes
 *       can read them; rename or move a class and old data no longer reads.</li>
 *   <li><b>Security.</b> Reading a stream creates objects of whatever classes the stream names,
 *       from anywhere on the class path, and runs their {@code readObject} methods. Chains of such
 *       methods ("gadgets") in common libraries turned deserializing untrusted bytes into remote
 *       code execution (Apache Commons Collections, 2015, and many since). Java 9 added filters
 *       (JEP 290); the advice stands: never deserialize bytes you do not trust.</li>
 * </ul>
 * This encoding installs such a filter, allowing only the classes it expects.
 */
public final class JavaSerializationEncoding implements Encoding {

    /**
     * Our messages, and the JDK classes their fields use (strings, the list and its immutable
     * wrapper); everything else is rejected before an object of it is created.
     */
    static final ObjectInputFilter ONLY_MESSAGES = ObjectInputFilter.Config.createFilter(
            "io.patrickdb.encoding.*;java.lang.*;java.util.*;!*");

    @Override
    public String name() {
        return "Java serialization";
    }

    @Override
    public byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Message decode(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ONLY_MESSAGES);
            return (Message) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("the stream names a class this program does not have", e);
        }
    }
}
