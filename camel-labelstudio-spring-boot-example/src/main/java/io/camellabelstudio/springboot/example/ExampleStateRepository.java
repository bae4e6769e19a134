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
package io.camellabelstudio.springboot.example;

import java.io.File;

import org.apache.camel.support.processor.state.FileStateRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the completed-tasks consumer keeps its mark: a file under {@code example.state-dir}, so that a restarted
 * application continues where it stopped (in memory, a restart would deliver every labeled task again).
 */
@Configuration(proxyBeanMethods = false)
public class ExampleStateRepository {

    @Bean
    public FileStateRepository completedMarks(@Value("${example.state-dir}") String stateDir) {
        File file = new File(stateDir, "completed-tasks.marks");
        file.getParentFile().mkdirs();
        return FileStateRepository.fileStateRepository(file);
    }
}
