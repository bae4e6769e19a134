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
package io.camellabelstudio.client;

import static io.camellabelstudio.client.TaskFilesDownloader.safeFileName;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names {@link TaskFilesDownloader} gives files: {@code <taskId>_<field>_<base name>}, always a plain name. */
class TaskFileNamesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "3f2a-cat.png | 12_image_3f2a-cat.png",
                "../../etc/passwd | 12_image_passwd",
                "/abs/path | 12_image_path",
                "a/b/c.txt | 12_image_c.txt",
                "'' | 12_image_file",
                ".. | 12_image_file",
                ". | 12_image_file",
                "/ | 12_image_file",
                "C:\\Windows\\win.ini | 12_image_win.ini",
                "..\\..\\boot.ini | 12_image_boot.ini",
                ".bashrc | 12_image_bashrc",
                "my photo (1).jpg | 12_image_my_photo_1_.jpg",
                "a:b*c?d\"e<f>g%h.png | 12_image_a_b_c_d_e_f_g_h.png",
                "Ünïcödé ñame.png | 12_image_Ünïcödé_ñame.png",
                "猫.jpg | 12_image_猫.jpg",
            })
    void reducesToASafeBaseName(String source, String expected) {
        assertThat(safeFileName(12, "image", source)).isEqualTo(expected);
    }

    @Test
    void removesControlAndFormatCharacters() {
        assertThat(safeFileName(1, "f", "evil\u0000name\n\u202Egnp.exe")).isEqualTo("1_f_evil_name_gnp.exe");
        assertThat(safeFileName(1, "f", "\u0007\u001b[31m")).isEqualTo("1_f_31m");
        assertThat(safeFileName(1, "f", null)).isEqualTo("1_f_file");
    }

    @Test
    void cleansTheFieldNameToo() {
        assertThat(safeFileName(7, "../../etc", "x.txt")).isEqualTo("7_etc_x.txt");
        assertThat(safeFileName(7, "", "x.txt")).isEqualTo("7_field_x.txt");
        assertThat(safeFileName(7, "image url/1", "x.txt")).isEqualTo("7_image_url_1_x.txt");
        assertThat(safeFileName(7, "f".repeat(500), "x.txt")).isEqualTo("7_" + "f".repeat(64) + "_x.txt");
    }

    @Test
    void capsTheLengthAndKeepsTheExtension() {
        String name = safeFileName(123456789L, "image", "n".repeat(1000) + ".jpeg");
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        assertThat(name).startsWith("123456789_image_nnn").endsWith("n.jpeg");

        String wide = safeFileName(1, "image", "猫".repeat(300) + ".png");
        assertThat(wide.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        assertThat(wide).endsWith("猫.png");
    }

    @Test
    void theNameIsAlwaysASingleSegmentOfItsDirectory() {
        Path dir = Path.of("/tmp/target").toAbsolutePath();
        for (String hostile : new String[] {"../../x", "/etc/passwd", "..", "", "a/../../b", "\\\\server\\share\\x"}) {
            Path file = dir.resolve(safeFileName(-1, "../f", hostile)).normalize();
            assertThat(file.getParent()).isEqualTo(dir);
            assertThat(file.getFileName().toString()).doesNotContain("/").doesNotContain("\\");
        }
    }
}
