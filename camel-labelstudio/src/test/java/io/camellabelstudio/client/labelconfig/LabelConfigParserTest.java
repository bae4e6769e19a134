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
package io.camellabelstudio.client.labelconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link LabelConfigParser}: the server's {@code parsed_label_config} structure, and XML that is refused. */
class LabelConfigParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void choicesConfigGivesExactlyTheServersParsedLabelConfig() throws Exception {
        ParsedLabelConfig config = LabelConfigParser.parse("<View><Text name=\"text\" value=\"$text\"/>"
                + "<Choices name=\"c\" toName=\"text\"><Choice value=\"A\"/></Choices></View>");

        // As a live Label Studio 1.23.2 answers for this config, byte for byte (key order included)
        String server = "{\"c\":{\"type\":\"Choices\",\"to_name\":[\"text\"],"
                + "\"inputs\":[{\"type\":\"Text\",\"valueType\":null,\"value\":\"text\"}],"
                + "\"labels\":[\"A\"],\"labels_attrs\":{\"A\":{\"value\":\"A\"}}}}";
        assertThat(JSON.writeValueAsString(config.toMap())).isEqualTo(server);
        assertThat(config.toMap()).isEqualTo(JSON.readValue(server, Map.class));

        ControlTag control = config.control("c");
        assertThat(control.type()).isEqualTo("Choices");
        assertThat(control.toName()).containsExactly("text");
        assertThat(control.inputs()).containsExactly(new ObjectInput("Text", null, "text"));
        assertThat(control.labels()).containsExactly("A");
        assertThat(control.labelsAttrs()).isEqualTo(Map.of("A", Map.of("value", "A")));
        assertThat(control.conditionals()).isEmpty();
    }

    @Test
    void nerConfigFindsTheTextDeclaredAfterTheLabels() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Labels name="label" toName="text">
                    <Label value="PER" background="red"/>
                    <Label value="ORG" background="darkorange"/>
                    <Label value="LOC"/>
                  </Labels>
                  <Text name="text" value="$text"/>
                </View>""");

        ControlTag labels = config.control("label");
        assertThat(labels.type()).isEqualTo("Labels");
        assertThat(labels.resultType()).isEqualTo("labels");
        assertThat(labels.inputs()).containsExactly(new ObjectInput("Text", null, "text"));
        assertThat(labels.labels()).containsExactly("PER", "ORG", "LOC");
        assertThat(labels.labelsAttrs().get("PER"))
                .containsExactly(Map.entry("value", "PER"), Map.entry("background", "red"));
        assertThat(config.controls()).containsOnlyKeys("label");
    }

    @Test
    void rectangleLabelsUseTheAliasBeforeTheValueAndKeepAttributesInDocumentOrder() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Image name="image" value="$image" valueType="url"/>
                  <RectangleLabels name="box" toName="image">
                    <Label value="Cat" background="green" alias="feline"/>
                    <Label value="Dog"/>
                  </RectangleLabels>
                </View>""");

        ControlTag box = config.control("box");
        assertThat(box.type()).isEqualTo("RectangleLabels");
        assertThat(box.inputs()).containsExactly(new ObjectInput("Image", "url", "image"));
        assertThat(box.labels()).containsExactly("feline", "Dog");
        assertThat(box.hasLabel("feline")).isTrue();
        assertThat(box.hasLabel("Cat")).isFalse();
        // The server copies the tag's attributes as written: value, background, alias
        assertThat(box.labelsAttrs().get("feline"))
                .containsExactly(
                        Map.entry("value", "Cat"), Map.entry("background", "green"), Map.entry("alias", "feline"));
        assertThat(controlMap(config, "box").get("inputs"))
                .isEqualTo(List.of(mapOf("type", "Image", "valueType", "url", "value", "image")));
    }

    @Test
    void taxonomyLabelsAreEveryNestedChoiceInDocumentOrder() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Text name="text" value="$text"/>
                  <Taxonomy name="taxonomy" toName="text">
                    <Choice value="Animals">
                      <Choice value="Cat"/>
                      <Choice value="Dog"/>
                    </Choice>
                    <Choice value="Plants">
                      <Choice value="Tree"/>
                    </Choice>
                  </Taxonomy>
                </View>""");

        ControlTag taxonomy = config.control("taxonomy");
        assertThat(taxonomy.type()).isEqualTo("Taxonomy");
        assertThat(taxonomy.labels()).containsExactly("Animals", "Cat", "Dog", "Plants", "Tree");
    }

    @Test
    void severalControlsKeepDocumentOrderAndEachGetsItsOwnLabels() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Image name="image" value="$image"/>
                  <Choices name="quality" toName="image">
                    <Choice value="Good"/><Choice value="Bad"/>
                  </Choices>
                  <RectangleLabels name="box" toName="image">
                    <Label value="Car"/>
                  </RectangleLabels>
                  <TextArea name="comment" toName="image"/>
                  <Rating name="stars" toName="image" maxRating="5"/>
                </View>""");

        assertThat(config.controls()).containsOnlyKeys("quality", "box", "comment", "stars");
        assertThat(config.controls().keySet()).containsExactly("quality", "box", "comment", "stars");
        assertThat(config.toMap().keySet()).containsExactly("quality", "box", "comment", "stars");
        assertThat(config.control("quality").labels()).containsExactly("Good", "Bad");
        assertThat(config.control("box").labels()).containsExactly("Car");
        assertThat(config.control("comment").labels()).isEmpty();
        assertThat(config.control("stars").labels()).isEmpty();
        assertThat(config.control("stars").labelsAttrs()).isEmpty();
    }

    @Test
    void toNameWithTwoNamesListsBothInputs() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Image name="left" value="$image1"/>
                  <Image name="right" value="$image2"/>
                  <Choices name="same" toName="left,right"><Choice value="Yes"/><Choice value="No"/></Choices>
                </View>""");

        ControlTag same = config.control("same");
        assertThat(same.toName()).containsExactly("left", "right");
        assertThat(same.inputs())
                .containsExactly(new ObjectInput("Image", null, "image1"), new ObjectInput("Image", null, "image2"));
    }

    @Test
    void toNameWithoutAnObjectTagIsKeptButHasNoInput() {
        ControlTag control = LabelConfigParser.parse(
                        "<View><Choices name=\"c\" toName=\"missing\"><Choice value=\"A\"/></Choices></View>")
                .control("c");

        assertThat(control.toName()).containsExactly("missing");
        assertThat(control.inputs()).isEmpty();
    }

    @Test
    void nestedViewsAndNestedTagsInsideAControlAreFollowed() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <View style="display: flex">
                    <View><Header value="Pick one"/><Text name="text" value="$text"/></View>
                    <View>
                      <Choices name="sentiment" toName="text" choice="single">
                        <View style="padding: 4px"><Choice value="Positive"/></View>
                        <View><View><Choice value="Negative" hotkey="n"/></View></View>
                      </Choices>
                    </View>
                  </View>
                </View>""");

        ControlTag sentiment = config.control("sentiment");
        assertThat(sentiment.inputs()).containsExactly(new ObjectInput("Text", null, "text"));
        assertThat(sentiment.labels()).containsExactly("Positive", "Negative");
        assertThat(sentiment.labelsAttrs().get("Negative"))
                .containsExactly(Map.entry("value", "Negative"), Map.entry("hotkey", "n"));
    }

    @Test
    void valueVariablesLoseTheirDollarAndPlainValuesStayAsWritten() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Image name="a" value="$value"/>
                  <Text name="b" value="$$twice"/>
                  <Text name="c" value="constant text"/>
                  <Choices name="ch" toName="a,b,c"><Choice value="$value"/></Choices>
                </View>""");

        assertThat(config.control("ch").inputs())
                .extracting(ObjectInput::value)
                .containsExactly("value", "twice", "constant text");
        // Labels are written as they are: only object tag values name a task field
        assertThat(config.control("ch").labels()).containsExactly("$value");
    }

    @Test
    void aLaterObjectTagWithTheSameNameWins() {
        ControlTag control = LabelConfigParser.parse("<View><Text name=\"t\" value=\"$first\"/>"
                        + "<Choices name=\"c\" toName=\"t\"><Choice value=\"A\"/></Choices>"
                        + "<HyperText name=\"t\" value=\"$second\"/></View>")
                .control("c");

        assertThat(control.inputs()).containsExactly(new ObjectInput("HyperText", null, "second"));
    }

    @Test
    void repeatedLabelKeepsItsFirstPlaceAndLastAttributes() {
        ControlTag control = LabelConfigParser.parse(
                        "<View><Text name=\"t\" value=\"$t\"/><Choices name=\"c\" toName=\"t\">"
                                + "<Choice value=\"A\" hint=\"first\"/><Choice value=\"B\"/><Choice value=\"A\" hint=\"second\"/>"
                                + "</Choices></View>")
                .control("c");

        assertThat(control.labels()).containsExactly("A", "B");
        assertThat(control.labelsAttrs().get("A")).containsEntry("hint", "second");
    }

    @Test
    void filterIsNotAControlAndTagsWithoutValueAreNotLabels() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Text name="text" value="$text"/>
                  <Filter name="filter" toName="label" hotkey="shift+f"/>
                  <Labels name="label" toName="text"><Label value="PER"/><Label background="red"/></Labels>
                </View>""");

        assertThat(config.controls()).containsOnlyKeys("label");
        assertThat(config.control("label").labels()).containsExactly("PER");
    }

    @Test
    void perRegionControlsShownForSomeRegionsCarryConditionals() {
        ParsedLabelConfig config = LabelConfigParser.parse("""
                <View>
                  <Text name="text" value="$text"/>
                  <Labels name="label" toName="text"><Label value="PER"/></Labels>
                  <Choices name="kind" toName="text" perRegion="true" whenLabelValue="PER">
                    <Choice value="Real"/>
                  </Choices>
                  <TextArea name="note" toName="text" perRegion="true"/>
                </View>""");

        assertThat(config.control("kind").conditionals())
                .containsExactly(Map.entry("type", "label"), Map.entry("name", "PER"));
        assertThat(controlMap(config, "kind").keySet())
                .containsExactly("type", "to_name", "conditionals", "inputs", "labels", "labels_attrs");
        assertThat(config.control("note").conditionals()).isEmpty();
        assertThat(controlMap(config, "note")).doesNotContainKey("conditionals");
    }

    @Test
    void emptyConfigHasNoControls() {
        assertThat(LabelConfigParser.parse(null).controls()).isEmpty();
        assertThat(LabelConfigParser.parse("").toMap()).isEmpty();
        assertThat(LabelConfigParser.parse("<View></View>").controls()).isEmpty();
    }

    @Test
    void unknownControlNameListsTheControls() {
        ParsedLabelConfig config = LabelConfigParser.parse("<View><Text name=\"t\" value=\"$t\"/>"
                + "<Choices name=\"a\" toName=\"t\"/><TextArea name=\"b\" toName=\"t\"/></View>");

        assertThatThrownBy(() -> config.control("x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("a, b");
    }

    @Test
    void parsedConfigIsImmutable() {
        ParsedLabelConfig config = LabelConfigParser.parse("<View><Text name=\"t\" value=\"$t\"/>"
                + "<Choices name=\"c\" toName=\"t\"><Choice value=\"A\"/></Choices></View>");
        ControlTag control = config.control("c");

        assertThatThrownBy(() -> config.controls().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> control.labels().add("B")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> control.labelsAttrs().get("A").put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
        // toMap() is a fresh copy: changing it does not change the config
        controlMap(config, "c").clear();
        assertThat(config.control("c").labels()).containsExactly("A");
    }

    @Test
    void externalEntityIsRefusedAndTheFileIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT-4711");
        for (String target : List.of(secret.toUri().toString(), "file:///etc/passwd")) {
            String config = "<?xml version=\"1.0\"?>\n<!DOCTYPE View [<!ENTITY xxe SYSTEM \"" + target + "\">]>\n"
                    + "<View><Text name=\"text\" value=\"$text\"/>"
                    + "<Choices name=\"c\" toName=\"text\"><Choice value=\"&xxe;\"/></Choices></View>";

            assertThatThrownBy(() -> LabelConfigParser.parse(config))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageContaining("line 2")
                    .satisfies(e -> assertThat(fullTrace(e))
                            .doesNotContain("TOP-SECRET")
                            .doesNotContain("root:x:0"));
        }
    }

    @Test
    void externalParameterEntityIsRefused() {
        String config =
                "<!DOCTYPE View [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %remote;]>" + "<View/>";

        assertThatThrownBy(() -> LabelConfigParser.parse(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder config = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        config.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            config.append("<!ENTITY lol").append(i).append(" \"");
            config.append(("&lol" + (i - 1) + ";").repeat(10));
            config.append("\">");
        }
        config.append("]><View><Text name=\"t\" value=\"&lol9;\"/></View>");

        assertThatThrownBy(() -> LabelConfigParser.parse(config.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("lollol"));
    }

    @Test
    void undeclaredEntityIsAnError() {
        assertThatThrownBy(() -> LabelConfigParser.parse("<View><Text name=\"t\" value=\"&xxe;\"/></View>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xxe");
    }

    @Test
    void malformedXmlSaysWhere() {
        String config =
                "<View>\n  <Text name=\"text\" value=\"$text\">\n  <Choices name=\"c\" toName=\"text\"/>\n</View>";

        assertThatThrownBy(() -> LabelConfigParser.parse(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid label config XML at line 4, column")
                .hasMessageContaining("Text");
    }

    @Test
    void notXmlAtAllIsAnError() {
        assertThatThrownBy(() -> LabelConfigParser.parse("just some text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid label config XML at line 1");
        assertThatThrownBy(() -> LabelConfigParser.parse("<View><Text name=\"a\" name=\"b\"/></View>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> controlMap(ParsedLabelConfig config, String name) {
        return (Map<String, Object>) config.toMap().get(name);
    }

    private static String fullTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
