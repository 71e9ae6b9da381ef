//! Map: runs a processor for each item, inline or distributed.

use serde_json::{Map, Value};

use crate::asl::fields::{NumberField, ObjectReader, ObjectWriter};
use crate::asl::machine::StateMachine;

/// A Map state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapState {
    pub item_processor: Option<ItemProcessor>,
    /// The legacy name of an inline processor (no ProcessorConfig).
    pub iterator: Option<StateMachine>,
    pub item_reader: Option<ItemReader>,
    pub items_path: Option<String>,
    pub items: Option<Value>,
    pub item_selector: Option<Value>,
    pub item_batcher: Option<ItemBatcher>,
    pub result_writer: Option<ResultWriter>,
    pub max_concurrency: Option<NumberField>,
    pub max_concurrency_path: Option<String>,
    pub tolerated_failure_percentage: Option<NumberField>,
    pub tolerated_failure_percentage_path: Option<String>,
    pub tolerated_failure_count: Option<NumberField>,
    pub tolerated_failure_count_path: Option<String>,
    pub label: Option<String>,
}

impl MapState {
    pub(crate) fn read(r: &mut ObjectReader<'_>) -> Self {
        MapState {
            item_processor: r.nested("ItemProcessor", ItemProcessor::read),
            iterator: r.nested("Iterator", StateMachine::read),
            item_reader: r.nested("ItemReader", ItemReader::read),
            items_path: r.string("ItemsPath"),
            items: r.value("Items"),
            item_selector: r.value("ItemSelector"),
            item_batcher: r.nested("ItemBatcher", ItemBatcher::read),
            result_writer: r.nested("ResultWriter", ResultWriter::read),
            max_concurrency: r.number("MaxConcurrency"),
            max_concurrency_path: r.string("MaxConcurrencyPath"),
            tolerated_failure_percentage: r.number("ToleratedFailurePercentage"),
            tolerated_failure_percentage_path: r.string("ToleratedFailurePercentagePath"),
            tolerated_failure_count: r.number("ToleratedFailureCount"),
            tolerated_failure_count_path: r.string("ToleratedFailureCountPath"),
            label: r.string("Label"),
        }
    }

    pub(crate) fn write_head(&self, w: &mut ObjectWriter) {
        w.owned(
            "ItemProcessor",
            self.item_processor.as_ref().map(ItemProcessor::write),
        )
        .owned("Iterator", self.iterator.as_ref().map(StateMachine::write))
        .owned(
            "ItemReader",
            self.item_reader.as_ref().map(ItemReader::write),
        )
        .string("ItemsPath", self.items_path.as_ref())
        .value("Items", self.items.as_ref())
        .value("ItemSelector", self.item_selector.as_ref())
        .owned(
            "ItemBatcher",
            self.item_batcher.as_ref().map(ItemBatcher::write),
        )
        .owned(
            "ResultWriter",
            self.result_writer.as_ref().map(ResultWriter::write),
        )
        .number("MaxConcurrency", self.max_concurrency.as_ref())
        .string("MaxConcurrencyPath", self.max_concurrency_path.as_ref())
        .number(
            "ToleratedFailurePercentage",
            self.tolerated_failure_percentage.as_ref(),
        )
        .string(
            "ToleratedFailurePercentagePath",
            self.tolerated_failure_percentage_path.as_ref(),
        )
        .number(
            "ToleratedFailureCount",
            self.tolerated_failure_count.as_ref(),
        )
        .string(
            "ToleratedFailureCountPath",
            self.tolerated_failure_count_path.as_ref(),
        )
        .string("Label", self.label.as_ref());
    }

    /// The processor machine, whichever field holds it.
    pub fn processor(&self) -> Option<&StateMachine> {
        self.item_processor
            .as_ref()
            .map(|p| &p.machine)
            .or(self.iterator.as_ref())
    }

    /// True if ProcessorConfig.Mode is DISTRIBUTED.
    pub fn is_distributed(&self) -> bool {
        self.item_processor
            .as_ref()
            .and_then(|p| p.processor_config.as_ref())
            .and_then(|c| c.mode.as_deref())
            == Some("DISTRIBUTED")
    }
}

/// `ItemProcessor`: the processor's ProcessorConfig and its states.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemProcessor {
    pub processor_config: Option<ProcessorConfig>,
    pub machine: StateMachine,
}

impl ItemProcessor {
    fn read(mut r: ObjectReader<'_>) -> Self {
        let processor_config = r.nested("ProcessorConfig", ProcessorConfig::read);
        ItemProcessor {
            processor_config,
            machine: StateMachine::read(r),
        }
    }

    fn write(&self) -> Value {
        let mut w = ObjectWriter::new();
        w.owned(
            "ProcessorConfig",
            self.processor_config.as_ref().map(ProcessorConfig::write),
        );
        self.machine.write_into(&mut w);
        w.finish()
    }
}

/// `ProcessorConfig`: INLINE or DISTRIBUTED, and the child execution type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProcessorConfig {
    pub mode: Option<String>,
    pub execution_type: Option<String>,
    pub extra: Map<String, Value>,
}

impl ProcessorConfig {
    fn read(mut r: ObjectReader<'_>) -> Self {
        ProcessorConfig {
            mode: r.string("Mode"),
            execution_type: r.string("ExecutionType"),
            extra: r.finish(),
        }
    }

    fn write(&self) -> Value {
        ObjectWriter::new()
            .string("Mode", self.mode.as_ref())
            .string("ExecutionType", self.execution_type.as_ref())
            .extra(&self.extra)
            .finish()
    }
}

/// `ItemReader`: where a distributed Map reads its items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemReader {
    pub resource: Option<String>,
    pub reader_config: Option<ReaderConfig>,
    pub parameters: Option<Value>,
    pub arguments: Option<Value>,
    pub extra: Map<String, Value>,
}

impl ItemReader {
    fn read(mut r: ObjectReader<'_>) -> Self {
        ItemReader {
            resource: r.string("Resource"),
            reader_config: r.nested("ReaderConfig", ReaderConfig::read),
            parameters: r.value("Parameters"),
            arguments: r.value("Arguments"),
            extra: r.finish(),
        }
    }

    fn write(&self) -> Value {
        ObjectWriter::new()
            .string("Resource", self.resource.as_ref())
            .owned(
                "ReaderConfig",
                self.reader_config.as_ref().map(ReaderConfig::write),
            )
            .value("Parameters", self.parameters.as_ref())
            .value("Arguments", self.arguments.as_ref())
            .extra(&self.extra)
            .finish()
    }
}

/// `ReaderConfig`: how the item source is parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReaderConfig {
    pub input_type: Option<String>,
    pub csv_header_location: Option<String>,
    pub csv_headers: Option<Vec<String>>,
    pub csv_delimiter: Option<String>,
    pub max_items: Option<NumberField>,
    pub max_items_path: Option<String>,
    pub extra: Map<String, Value>,
}

impl ReaderConfig {
    fn read(mut r: ObjectReader<'_>) -> Self {
        ReaderConfig {
            input_type: r.string("InputType"),
            csv_header_location: r.string("CSVHeaderLocation"),
            csv_headers: r.string_list("CSVHeaders"),
            csv_delimiter: r.string("CSVDelimiter"),
            max_items: r.number("MaxItems"),
            max_items_path: r.string("MaxItemsPath"),
            extra: r.finish(),
        }
    }

    fn write(&self) -> Value {
        ObjectWriter::new()
            .string("InputType", self.input_type.as_ref())
            .string("CSVHeaderLocation", self.csv_header_location.as_ref())
            .string_list("CSVHeaders", self.csv_headers.as_ref())
            .string("CSVDelimiter", self.csv_delimiter.as_ref())
            .number("MaxItems", self.max_items.as_ref())
            .string("MaxItemsPath", self.max_items_path.as_ref())
            .extra(&self.extra)
            .finish()
    }
}

/// `ItemBatcher`: groups items into batches for each child execution.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemBatcher {
    pub max_items_per_batch: Option<NumberField>,
    pub max_items_per_batch_path: Option<String>,
    pub max_input_bytes_per_batch: Option<NumberField>,
    pub max_input_bytes_per_batch_path: Option<String>,
    pub batch_input: Option<Value>,
    pub extra: Map<String, Value>,
}

impl ItemBatcher {
    fn read(mut r: ObjectReader<'_>) -> Self {
        ItemBatcher {
            max_items_per_batch: r.number("MaxItemsPerBatch"),
            max_items_per_batch_path: r.string("MaxItemsPerBatchPath"),
            max_input_bytes_per_batch: r.number("MaxInputBytesPerBatch"),
            max_input_bytes_per_batch_path: r.string("MaxInputBytesPerBatchPath"),
            batch_input: r.value("BatchInput"),
            extra: r.finish(),
        }
    }

    fn write(&self) -> Value {
        ObjectWriter::new()
            .number("MaxItemsPerBatch", self.max_items_per_batch.as_ref())
            .string(
                "MaxItemsPerBatchPath",
                self.max_items_per_batch_path.as_ref(),
            )
            .number(
                "MaxInputBytesPerBatch",
                self.max_input_bytes_per_batch.as_ref(),
            )
            .string(
                "MaxInputBytesPerBatchPath",
                self.max_input_bytes_per_batch_path.as_ref(),
            )
            .value("BatchInput", self.batch_input.as_ref())
            .extra(&self.extra)
            .finish()
    }
}

/// `ResultWriter`: where a distributed Map writes its results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultWriter {
    pub resource: Option<String>,
    pub parameters: Option<Value>,
    pub arguments: Option<Value>,
    pub writer_config: Option<Value>,
    pub extra: Map<String, Value>,
}

impl ResultWriter {
    fn read(mut r: ObjectReader<'_>) -> Self {
        ResultWriter {
            resource: r.string("Resource"),
            parameters: r.value("Parameters"),
            arguments: r.value("Arguments"),
            writer_config: r.value("WriterConfig"),
            extra: r.finish(),
        }
    }

    fn write(&self) -> Value {
        ObjectWriter::new()
            .string("Resource", self.resource.as_ref())
            .value("Parameters", self.parameters.as_ref())
            .value("Arguments", self.arguments.as_ref())
            .value("WriterConfig", self.writer_config.as_ref())
            .extra(&self.extra)
            .finish()
    }
}
