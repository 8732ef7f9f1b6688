package saddlelab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import saddlelab.engine.Rng;

/**
 * The CSV reader of data given by value (issue 31): what a spreadsheet writes is read, numbers to the bit as the
 * JVM's correctly rounded parser reads them, and every bad file gets a message naming the line and column.
 */
class DataCsvTest {
    @Test
    void aMatrixWithBlanksAndAHeaderIsRead() {
        DataCsv.Table t = DataCsv.read("\uFEFFa,b,c\r\n1.5,,3\r\nNA,-2e1,?\r\n.5, +4 ,\"7\"\r\n\r\n");
        assertTrue(t.header);
        assertEquals(3, t.rows);
        assertEquals(3, t.cols);
        double[] want = {1.5, Double.NaN, 3, Double.NaN, -20, Double.NaN, 0.5, 4, 7};
        for (int k = 0; k < want.length; k++) {
            assertEquals(Double.doubleToLongBits(want[k]), Double.doubleToLongBits(t.values[k]), "cell " + k);
        }
        assertEquals(java.util.Arrays.asList(1.5, null, 3.0), t.toEntries().get(0));
    }

    @Test
    void semicolonsAndTabsSeparateWhenALineHasNoComma() {
        DataCsv.Table semi = DataCsv.read("1;2\n3;\n");
        assertEquals(2, semi.cols);
        assertTrue(Double.isNaN(semi.values[3]));
        DataCsv.Table tab = DataCsv.read("1\t2\t3\n4\t5\t6");
        assertEquals(3, tab.cols);
        assertEquals(6.0, tab.values[5]);
    }

    @Test
    void numbersReadToTheBitAsTheJvmReadsThem() {
        Rng rng = new Rng(7);
        StringBuilder csv = new StringBuilder();
        double[] want = new double[2000];
        for (int i = 0; i < want.length; i++) {
            double v = rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 6);
            String text = i % 3 == 0 ? Double.toString(v) : i % 3 == 1 ? String.format(java.util.Locale.ROOT, "%.17g", v).trim() : String.format(java.util.Locale.ROOT, "%.4f", v);
            want[i] = Double.parseDouble(text);
            csv.append(text).append(i % 10 == 9 ? "\n" : ",");
        }
        DataCsv.Table t = DataCsv.read(csv.toString());
        assertEquals(200, t.rows);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(t.values[i]), "cell " + i);
        }
    }

    private static DataCsv.Problem problem(String csv) {
        return assertThrows(DataCsv.Problem.class, () -> DataCsv.read(csv));
    }

    @Test
    void aTextCellIsNamedByItsLineAndColumn() {
        DataCsv.Problem p = problem("x,y,z\n1,2,3\n4,five,6\n");
        assertEquals(3, p.line);
        assertEquals(2, p.column);
        assertTrue(p.getMessage().startsWith("line 3, column 2: “five” is not a number"), p.getMessage());
    }

    @Test
    void aRaggedRowAnEmptyFileAndAnOpenQuoteAreRefused() {
        DataCsv.Problem ragged = problem("1,2,3\n4,5\n");
        assertEquals(2, ragged.line);
        assertTrue(ragged.getMessage().contains("has 2 cells where line 1 has 3"), ragged.getMessage());
        assertTrue(problem("").getMessage().contains("empty"));
        assertTrue(problem(" \n\n").getMessage().contains("empty"));
        assertTrue(problem("a,b\n").getMessage().contains("header line and no data"));
        assertEquals(1, problem("1,\"2\n").line);
        assertEquals(2, problem("1,2\n\n3,4\n").line, "an empty line inside the data");
        assertTrue(problem("1,2e999\n").getMessage().contains("out of range"));
        assertTrue(problem("1,2e7\n").getMessage().contains("larger than"));
        assertTrue(problem("1,0x10\n").getMessage().contains("“0x10” is not a number"));
        assertTrue(problem("1,Infinity\n").getMessage().contains("is not a number"));
    }

    @Test
    void aFileOverTheCapsIsRefusedBeforeItIsRead() {
        StringBuilder wide = new StringBuilder();
        for (int j = 0; j < 101; j++) {
            wide.append(j > 0 ? "," : "").append(1);
        }
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            big.append(wide).append('\n');
        }
        DataCsv.Problem cells = problem(big.toString());
        assertTrue(cells.getMessage().contains("30300 cells; at most 30000"), cells.getMessage());
        assertTrue(problem("1,".repeat(1024) + "1\n").getMessage().contains("1025 columns; at most 1024"));
        DataCsv.Problem chars = problem("1".repeat(DataCsv.MAX_CHARS + 1));
        assertTrue(chars.getMessage().contains("characters"), chars.getMessage());
    }
}
