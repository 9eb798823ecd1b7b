/** One bar of a dashboard chart: a money sum in the chart's currency and its deal count. */
export interface Bar { key: string, label: string, value: string, count: number, tone?: 'primary' | 'won' | 'lost' }
