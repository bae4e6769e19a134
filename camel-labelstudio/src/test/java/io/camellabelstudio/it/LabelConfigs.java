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
package io.camellabelstudio.it;

/** Label configs used by the integration tests. */
public final class LabelConfigs {

    public static final String TEXT_CLASSIFICATION = """
            <View>
              <Text name="text" value="$text"/>
              <Choices name="sentiment" toName="text">
                <Choice value="Positive"/>
                <Choice value="Negative"/>
              </Choices>
            </View>""";

    public static final String IMAGE_LABELS = """
            <View>
              <Image name="image" value="$image"/>
              <RectangleLabels name="label" toName="image">
                <Label value="Cat"/>
                <Label value="Dog"/>
              </RectangleLabels>
            </View>""";

    /** Not well-formed XML: the server rejects it. */
    public static final String BROKEN = "<View><Text name=\"text\" value=\"$text\"></View>";

    private LabelConfigs() {}
}
