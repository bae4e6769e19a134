/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build step (run with the Java source launcher after the last compile): gives the generated endpoint URI factory the
 * Camel 4.15+ form of {@code EndpointUriFactory.multiValuePrefixes()} beside the Camel 4.14 one.
 *
 * <p>Camel 4.15 changed that abstract method's return type from {@code Set<String>} (the prefixes) to
 * {@code Map<String, String>} (option name to prefix). A factory generated on 4.14 has only the first, so on Camel
 * 4.15+ every URI built from parameters (YAML {@code parameters:}, Kamelets, tooling) ends in AbstractMethodError. The
 * JVM, unlike javac, allows two methods that differ only in return type (as javac's own bridge methods do): each
 * Camel line calls the one its interface declares. The map comes from the component's catalog JSON, the source the
 * generator itself uses in 4.15+.
 *
 * <p>Arguments: the factory's class file, the component's catalog JSON. Idempotent: a class that already has the
 * {@code Map} form (e.g. generated on Camel 4.15+) is left alone.
 */
public final class UriFactoryBridge {

    private static final String NAME = "multiValuePrefixes";
    private static final String SET_FORM = "()Ljava/util/Set;";
    private static final String MAP_FORM = "()Ljava/util/Map;";
    private static final String MAP_SIGNATURE = "()Ljava/util/Map<Ljava/lang/String;Ljava/lang/String;>;";

    private UriFactoryBridge() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: UriFactoryBridge <factory class file> <catalog json>");
        }
        Path classFile = Path.of(args[0]);
        Map<String, String> prefixes = multiValuePrefixes(Path.of(args[1]));
        byte[] original = Files.readAllBytes(classFile);
        boolean[] forms = new boolean[2]; // [Set form seen, Map form seen]
        new ClassReader(original)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String desc, String sig, String[] exceptions) {
                                if (NAME.equals(name)) {
                                    forms[0] |= SET_FORM.equals(desc);
                                    forms[1] |= MAP_FORM.equals(desc);
                                }
                                return null;
                            }
                        },
                        ClassReader.SKIP_CODE);
        if (forms[1]) {
            System.out.println("UriFactoryBridge: " + classFile.getFileName() + " already has " + NAME + MAP_FORM);
            return;
        }
        if (!forms[0]) {
            throw new IllegalStateException(classFile + " has no " + NAME + SET_FORM + ": not a Camel 4.14 factory");
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visitEnd() {
                        writeMapForm(cv, prefixes);
                        super.visitEnd();
                    }
                },
                0);
        Files.write(classFile, writer.toByteArray());
        System.out.println(
                "UriFactoryBridge: added " + NAME + MAP_FORM + " " + prefixes + " to " + classFile.getFileName());
    }

    /** The catalog's multi-value endpoint options: option name to prefix, as Camel 4.15+ factories return them. */
    static Map<String, String> multiValuePrefixes(Path catalog) throws IOException {
        JsonObject component = (JsonObject) Jsoner.deserialize(Files.readString(catalog), new JsonObject());
        JsonObject properties = component.getMap("properties");
        if (properties == null) {
            throw new IllegalStateException(catalog + " has no endpoint properties");
        }
        Map<String, String> answer = new TreeMap<>(); // sorted: the same bytes on every build
        properties.forEach((option, value) -> {
            JsonObject property = (JsonObject) value;
            if (Boolean.TRUE.equals(property.getBoolean("multiValue"))) {
                answer.put(option, property.getString("prefix"));
            }
        });
        return answer;
    }

    /** {@code public Map<String, String> multiValuePrefixes()}: a new unmodifiable map of the given entries. */
    private static void writeMapForm(ClassVisitor cv, Map<String, String> prefixes) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PUBLIC, NAME, MAP_FORM, MAP_SIGNATURE, null);
        mv.visitCode();
        mv.visitTypeInsn(Opcodes.NEW, "java/util/HashMap");
        mv.visitInsn(Opcodes.DUP);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/HashMap", "<init>", "()V", false);
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        for (Map.Entry<String, String> e : prefixes.entrySet()) {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitLdcInsn(e.getKey());
            mv.visitLdcInsn(e.getValue());
            mv.visitMethodInsn(
                    Opcodes.INVOKEINTERFACE,
                    "java/util/Map",
                    "put",
                    "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;",
                    true);
            mv.visitInsn(Opcodes.POP);
        }
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(
                Opcodes.INVOKESTATIC,
                "java/util/Collections",
                "unmodifiableMap",
                "(Ljava/util/Map;)Ljava/util/Map;",
                false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0); // computed (COMPUTE_MAXS); straight-line code needs no stack map frames
        mv.visitEnd();
    }
}
