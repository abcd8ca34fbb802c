import { createSignal } from "solid-js";
import { QUANTIZATION_FORMATS } from "../../../../contracts/src/formats.ts";
import { toApiError } from "../../api/api.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { Modal } from "../../components/Modal.tsx";
import { Select } from "../../components/Select.tsx";
import type { QuantizationFormat } from "../../gql/graphql.ts";
import type { Model } from "../../store/models.ts";

/** Builds another variant of a downloaded model in a new format (a new card, the source stays). */
export function RequantizeDialog(props: { model: Model; onSubmit: (format: QuantizationFormat) => Promise<void>; onClose: () => void }) {
  const choices = () => QUANTIZATION_FORMATS.filter((f) => f !== props.model.format);
  const [format, setFormat] = createSignal<QuantizationFormat>(choices()[0]);
  const [error, setError] = createSignal<string | null>(null);
  const submit = async () => {
    try {
      await props.onSubmit(format());
      props.onClose();
    } catch (caught) {
      setError(toApiError(caught).message);
    }
  };
  return (
    <Modal
      title={`Re-quantize ${props.model.name}`}
      onClose={props.onClose}
      footer={
        <button type="button" class="primary" onClick={submit}>
          Build {format()}
        </button>
      }
    >
      <label class="field">
        <span>New format</span>
        <Select value={format()} onChange={setFormat} options={choices().map((f) => ({ value: f, label: f }))} />
      </label>
      <ErrorAlert message={error()} />
    </Modal>
  );
}
