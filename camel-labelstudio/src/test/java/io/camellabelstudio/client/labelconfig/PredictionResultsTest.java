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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link PredictionResults}: the three result forms, the choice of control and the label checks. */
class PredictionResultsTest {

    private static final ParsedLabelConfig CHOICES = LabelConfigParser.parse("""
            <View>
              <Image name="image" value="$value"/>
              <Choices name="class_name" toName="image">
                <Choice value="Class A"/>
                <Choice value="Class B"/>
              </Choices>
            </View>""");

    private static final ParsedLabelConfig NER = LabelConfigParser.parse("""
            <View>
              <Labels name="label" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
              <Text name="text" value="$text"/>
            </View>""");

    private static final ParsedLabelConfig BOXES = LabelConfigParser.parse("""
            <View>
              <Image name="img" value="$image"/>
              <RectangleLabels name="box" toName="img"><Label value="Cat"/><Label value="Dog"/></RectangleLabels>
            </View>""");

    private static final ParsedLabelConfig TAXONOMY = LabelConfigParser.parse("""
            <View>
              <Text name="text" value="$text"/>
              <Taxonomy name="tax" toName="text">
                <Choice value="Animals"><Choice value="Cat"/></Choice>
                <Choice value="Class A"/>
              </Taxonomy>
            </View>""");

    private static final ParsedLabelConfig SEVERAL = LabelConfigParser.parse("""
            <View>
              <Text name="text" value="$text"/>
              <Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/></Choices>
              <TextArea name="summary" toName="text"/>
              <Rating name="stars" toName="text"/>
              <Number name="count" toName="text"/>
              <DateTime name="when" toName="text"/>
            </View>""");

    // --- the three forms for Choices

    @Test
    void theThreeFormsForChoicesGiveEqualResults() {
        List<Map<String, Object>> expected =
                List.of(item("class_name", "image", "choices", Map.of("choices", List.of("Class A"))));

        List<Map<String, Object>> full = PredictionResults.expand(
                CHOICES, List.of(item("class_name", "image", "choices", Map.of("choices", List.of("Class A")))), null);
        List<Map<String, Object>> value =
                PredictionResults.expand(CHOICES, Map.of("choices", List.of("Class A")), null);
        List<Map<String, Object>> label = PredictionResults.expand(CHOICES, "Class A", null);

        assertThat(full).isEqualTo(expected);
        assertThat(value).isEqualTo(expected);
        assertThat(label).isEqualTo(expected);
        assertThat(value).isEqualTo(label).isEqualTo(full);
        // Same key order as the SDK writes it
        assertThat(label.get(0).keySet()).containsExactly("from_name", "to_name", "type", "value");
    }

    @Test
    void fullListIsReturnedAsIs() {
        Map<String, Object> first = item("class_name", "image", "choices", Map.of("choices", List.of("Class B")));
        first.put("id", "r1");
        first.put("score", 0.9);
        List<Map<String, Object>> given = List.of(first);

        List<Map<String, Object>> result = PredictionResults.expand(CHOICES, given);

        assertThat(result).containsExactly(first);
        assertThat(result.get(0)).isSameAs(first);
        assertThat(PredictionResults.expand(CHOICES, List.of())).isEmpty();
    }

    @Test
    void aSingleFullItemIsTakenAsAListOfOne() {
        Map<String, Object> single = item("class_name", "image", "choices", Map.of("choices", List.of("Class A")));

        assertThat(PredictionResults.expand(CHOICES, single)).containsExactly(single);
    }

    @Test
    void fullListWithAnUnknownLabelIsRefused() {
        List<Map<String, Object>> given =
                List.of(item("class_name", "image", "choices", Map.of("choices", List.of("Class C"))));

        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Class C'")
                .hasMessageContaining("'class_name'")
                .hasMessageContaining("[Class A, Class B]");
    }

    @Test
    void fullListItemsNeedAValueExceptRelations() {
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, List.of(Map.of("from_name", "class_name"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Result item 0 needs a 'value' map");
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, List.of("Class A")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Result item 0 must be a map");

        List<Map<String, Object>> withRelation = new ArrayList<>(
                PredictionResults.expand(NER, Map.of("start", 0, "end", 4, "text", "John", "labels", List.of("PER"))));
        withRelation.add(Map.of("type", "relation", "from_id", "a", "to_id", "b", "direction", "right"));
        assertThat(PredictionResults.expand(NER, withRelation)).hasSize(2);
    }

    @Test
    void fullListItemsOfUnknownControlsAreNotChecked() {
        List<Map<String, Object>> given =
                List.of(item("other", "image", "choices", Map.of("choices", List.of("Anything"))));

        assertThat(PredictionResults.expand(CHOICES, given)).isEqualTo(given);
    }

    // --- Choices

    @Test
    void choicesValueWithSeveralLabels() {
        assertThat(PredictionResults.expand(CHOICES, Map.of("choices", List.of("Class A", "Class B"))))
                .containsExactly(
                        item("class_name", "image", "choices", Map.of("choices", List.of("Class A", "Class B"))));
    }

    @Test
    void unknownLabelNamesTheLabelTheControlAndTheAllowedLabels() {
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, "Class C"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown label 'Class C' for control 'class_name' (Choices); its labels are: [Class A, Class B]");
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, Map.of("choices", List.of("Class A", "class b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'class b'");
    }

    @Test
    void choicesValueMustHoldAChoicesList() {
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, Map.of("labels", List.of("Class A"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a 'choices' list");
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, Map.of("choices", "Class A")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a 'choices' list");
    }

    @Test
    void dynamicChoicesWithoutFixedLabelsAcceptAnyLabel() {
        ParsedLabelConfig dynamic = LabelConfigParser.parse("<View><Text name=\"text\" value=\"$text\"/>"
                + "<Choices name=\"topic\" toName=\"text\" value=\"$options\"/></View>");

        assertThat(PredictionResults.expand(dynamic, "Sports"))
                .containsExactly(item("topic", "text", "choices", Map.of("choices", List.of("Sports"))));
    }

    // --- Labels (NER)

    @Test
    void labelsValueForm() {
        Map<String, Object> value = Map.of("start", 0, "end", 5, "labels", List.of("PER"));

        assertThat(PredictionResults.expand(NER, value)).containsExactly(item("label", "text", "labels", value));
    }

    @Test
    void labelAloneForLabelsAsksForTheValueForm() {
        assertThatThrownBy(() -> PredictionResults.expand(NER, "PER"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A label alone is not a valid result for control 'label' (Labels)")
                .hasMessageContaining("Use the value form")
                .hasMessageContaining("{\"start\": 0, \"end\": 5, \"labels\": [\"PER\"]}");
    }

    @Test
    void labelsValueWithAnUnknownLabel() {
        assertThatThrownBy(() -> PredictionResults.expand(NER, Map.of("start", 0, "end", 5, "labels", List.of("MISC"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'MISC'")
                .hasMessageContaining("'label'")
                .hasMessageContaining("[PER, ORG]");
    }

    // --- RectangleLabels

    @Test
    void rectangleLabelsValueForm() {
        Map<String, Object> value =
                Map.of("x", 10.0, "y", 20.0, "width", 30.0, "height", 40.0, "rectanglelabels", List.of("Cat"));

        assertThat(PredictionResults.expand(BOXES, value))
                .containsExactly(item("box", "img", "rectanglelabels", value));
    }

    @Test
    void rectangleLabelsRefuseALabelAloneAndUnknownLabels() {
        assertThatThrownBy(() -> PredictionResults.expand(BOXES, "Cat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(RectangleLabels)")
                .hasMessageContaining("\"rectanglelabels\": [\"Cat\"]");
        assertThatThrownBy(() -> PredictionResults.expand(
                        BOXES, Map.of("x", 1, "y", 1, "width", 1, "height", 1, "rectanglelabels", List.of("Bird"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Bird'")
                .hasMessageContaining("[Cat, Dog]");
    }

    @Test
    void aliasIsTheLabelToUse() {
        ParsedLabelConfig aliased = LabelConfigParser.parse(
                "<View><Image name=\"img\" value=\"$image\"/>"
                        + "<RectangleLabels name=\"box\" toName=\"img\"><Label value=\"Cat\" alias=\"C\"/></RectangleLabels></View>");

        assertThat(PredictionResults.expand(aliased, Map.of("rectanglelabels", List.of("C"))))
                .hasSize(1);
        assertThatThrownBy(() -> PredictionResults.expand(aliased, Map.of("rectanglelabels", List.of("Cat"))))
                .hasMessageContaining("'Cat'");
    }

    // --- Taxonomy

    @Test
    void taxonomyLabelAloneIsATopLevelPath() {
        List<Map<String, Object>> expected =
                List.of(item("tax", "text", "taxonomy", Map.of("taxonomy", List.of(List.of("Class A")))));

        assertThat(PredictionResults.expand(TAXONOMY, "Class A")).isEqualTo(expected);
        assertThat(PredictionResults.expand(TAXONOMY, Map.of("taxonomy", List.of(List.of("Class A")))))
                .isEqualTo(expected);
    }

    @Test
    void taxonomyValueWithNestedPaths() {
        Map<String, Object> value = Map.of("taxonomy", List.of(List.of("Animals", "Cat"), List.of("Class A")));

        assertThat(PredictionResults.expand(TAXONOMY, value)).containsExactly(item("tax", "text", "taxonomy", value));
    }

    @Test
    void taxonomyChecksEveryLabelOfEveryPath() {
        assertThatThrownBy(() ->
                        PredictionResults.expand(TAXONOMY, Map.of("taxonomy", List.of(List.of("Animals", "Cow")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Cow'")
                .hasMessageContaining("'tax'");
        assertThatThrownBy(() -> PredictionResults.expand(TAXONOMY, Map.of("taxonomy", List.of("Animals"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("path of labels");
    }

    // --- controls without fixed labels

    @Test
    void textAreaTakesAStringAsItsText() {
        List<Map<String, Object>> expected =
                List.of(item("summary", "text", "textarea", Map.of("text", List.of("A short summary"))));

        assertThat(PredictionResults.expand(SEVERAL, "A short summary", "summary"))
                .isEqualTo(expected);
        assertThat(PredictionResults.expand(SEVERAL, Map.of("text", List.of("A short summary")), "summary"))
                .isEqualTo(expected);
    }

    @Test
    void ratingAndNumberTakeTheirValueAsIs() {
        assertThat(PredictionResults.expand(SEVERAL, Map.of("rating", 4), "stars"))
                .containsExactly(item("stars", "text", "rating", Map.of("rating", 4)));
        assertThat(PredictionResults.expand(SEVERAL, Map.of("number", 5), "count"))
                .containsExactly(item("count", "text", "number", Map.of("number", 5)));
        assertThat(PredictionResults.expand(SEVERAL, Map.of("datetime", "2024-01-31"), "when"))
                .containsExactly(item("when", "text", "datetime", Map.of("datetime", "2024-01-31")));
    }

    @Test
    void ratingAndNumberRefuseAStringAlone() {
        assertThatThrownBy(() -> PredictionResults.expand(SEVERAL, "4", "stars"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control 'stars' (Rating)")
                .hasMessageContaining("{\"rating\": 4}");
        assertThatThrownBy(() -> PredictionResults.expand(SEVERAL, "5", "count"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{\"number\": 5}");
    }

    // --- choosing the control

    @Test
    void severalControlsWithoutFromNameNameThemAll() {
        assertThatThrownBy(() -> PredictionResults.expand(SEVERAL, "Positive"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The label config has several control tags (sentiment, summary, stars, count, when); "
                        + "set fromName to the one the result is for");
        assertThatThrownBy(() -> PredictionResults.expand(SEVERAL, Map.of("choices", List.of("Positive")), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set fromName");
    }

    @Test
    void fromNameChoosesTheControl() {
        assertThat(PredictionResults.expand(SEVERAL, "Positive", "sentiment"))
                .containsExactly(item("sentiment", "text", "choices", Map.of("choices", List.of("Positive"))));
    }

    @Test
    void unknownFromNameListsTheControls() {
        assertThatThrownBy(() -> PredictionResults.expand(SEVERAL, "Positive", "mood"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mood'")
                .hasMessageContaining("sentiment, summary, stars, count, when");
    }

    @Test
    void configWithoutControlsCannotTakeAShortForm() {
        assertThatThrownBy(() -> PredictionResults.expand(LabelConfigParser.parse("<View/>"), "A"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no control tags");
    }

    @Test
    void toNameIsTheControlsFirstObject() {
        ParsedLabelConfig pair =
                LabelConfigParser.parse("<View><Image name=\"left\" value=\"$a\"/><Image name=\"right\" value=\"$b\"/>"
                        + "<Choices name=\"same\" toName=\"left,right\"><Choice value=\"Yes\"/></Choices></View>");

        assertThat(PredictionResults.expand(pair, "Yes").get(0)).containsEntry("to_name", "left");
    }

    @Test
    void otherResultTypesAreRefused() {
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required");
        assertThatThrownBy(() -> PredictionResults.expand(CHOICES, 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer");
    }

    private static Map<String, Object> item(String fromName, String toName, String type, Map<String, Object> value) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("from_name", fromName);
        item.put("to_name", toName);
        item.put("type", type);
        item.put("value", value);
        return item;
    }
}
