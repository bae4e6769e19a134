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
package io.camellabelstudio.examples;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.state.FileStateRepository;

import io.camellabelstudio.client.model.Task;
import io.camellabelstudio.component.LabelStudioConstants;

/**
 * Pre-annotation (Java DSL): every new task of the project {@code demo.project-id} gets exactly one prediction of the
 * {@code sentiment} choice from {@link SentimentModel}, with model version {@code demo.model.version}, so annotators
 * start from a suggestion.
 *
 * <p>The consumer's mark (the last task id it handled) is kept in a {@link FileStateRepository} at
 * {@code <demo.state.dir>/pre-annotation.marks}, so a restart continues after the last task and predicts none twice.
 * The first start begins with the tasks already in the project ({@code startFrom=beginning}). As a second guard, for
 * instance after the state file was deleted, a task that already has a prediction of this model version is skipped.
 */
public class PreAnnotationRoute extends RouteBuilder {

    /** The registry name of the consumer's state repository. */
    public static final String STATE_REPOSITORY = "preAnnotationMarks";

    /** Header with the predicted label, for the log line. */
    public static final String LABEL = "DemoLabel";

    private final SentimentModel model = new SentimentModel();

    @Override
    public void configure() throws Exception {
        File stateDir = new File(getContext().resolvePropertyPlaceholders("{{demo.state.dir}}"));
        if (!stateDir.isDirectory() && !stateDir.mkdirs()) {
            throw new IllegalStateException("Cannot create the state directory " + stateDir.getAbsolutePath());
        }
        FileStateRepository marks = FileStateRepository.fileStateRepository(new File(stateDir, "pre-annotation.marks"));
        getContext().addService(marks); // started now, stopped with the context
        bindToRegistry(STATE_REPOSITORY, marks);
        String modelVersion = getContext().resolvePropertyPlaceholders("{{demo.model.version}}");

        from("labelstudio:tasks?projectId={{demo.project-id}}&event=created&startFrom=beginning&fields=all"
                        + "&stateRepository=#" + STATE_REPOSITORY)
                .routeId("pre-annotation")
                .choice()
                .when(exchange -> hasPrediction(exchange.getIn().getBody(Task.class), modelVersion))
                .log("Task ${header." + LabelStudioConstants.TASK_ID + "} already has a prediction of " + modelVersion
                        + ", skipped")
                .otherwise()
                .process(this::predict)
                // the label-name form: the component completes from_name/to_name/type from the project's config
                .to("labelstudio:predictions?operation=create&projectId={{demo.project-id}}&fromName=sentiment"
                        + "&modelVersion={{demo.model.version}}")
                .log("Task ${header." + LabelStudioConstants.TASK_ID + "}: predicted ${header." + LABEL + "} (score "
                        + "${header." + LabelStudioConstants.SCORE + "}) as prediction ${header."
                        + LabelStudioConstants.PREDICTION_ID + "}")
                .end();
    }

    private void predict(Exchange exchange) {
        Task task = exchange.getIn().getBody(Task.class);
        Object text = task.data() == null ? null : task.data().get("text");
        SentimentModel.Sentiment sentiment = model.predict(text == null ? null : text.toString());
        exchange.getIn().setHeader(LabelStudioConstants.SCORE, sentiment.score());
        exchange.getIn().setHeader(LABEL, sentiment.label());
        exchange.getIn().setBody(sentiment.label()); // e.g. "Positive"
    }

    /** Whether the task already has a prediction of {@code modelVersion} (fields=all brings the predictions). */
    static boolean hasPrediction(Task task, String modelVersion) {
        List<Map<String, Object>> predictions = task.predictions();
        return predictions != null
                && predictions.stream().anyMatch(p -> modelVersion.equals(String.valueOf(p.get("model_version"))));
    }
}
