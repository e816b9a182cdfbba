/**
 * The three fields of a person's order (side, amount in 100 Wh units, price), shared by the host's
 * trade panel and a participant's page so both ask for an order the same way.
 */
export interface OrderFieldsProps {
  readonly side: 'buy' | 'sell';
  readonly onSide: (side: 'buy' | 'sell') => void;
  readonly units: string;
  readonly onUnits: (units: string) => void;
  readonly price: string;
  readonly onPrice: (price: string) => void;
}

export function OrderFields({ side, onSide, units, onUnits, price, onPrice }: OrderFieldsProps) {
  return (
    <>
      <label>
        Side{' '}
        <select
          value={side}
          onChange={(e) => onSide(e.target.value as 'buy' | 'sell')}
          data-testid="order-side"
        >
          <option value="buy">buy</option>
          <option value="sell">sell</option>
        </select>
      </label>{' '}
      <label>
        Amount (× 100 Wh){' '}
        <input
          type="number"
          min={1}
          step={1}
          value={units}
          onChange={(e) => onUnits(e.target.value)}
          data-testid="order-units"
        />
      </label>{' '}
      <label>
        Price (coins per 100 Wh){' '}
        <input
          type="number"
          step={1}
          value={price}
          onChange={(e) => onPrice(e.target.value)}
          data-testid="order-price"
        />
      </label>
    </>
  );
}
