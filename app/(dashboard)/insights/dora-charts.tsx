"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DoraDay } from "@/lib/insights/dora";

// The two charts of /insights. The numbers are also in the tables beside them, for readers
// who cannot see the colours and for copying.

const shortDay = (day: string) => day.slice(5);

export function DeploysChart({ days }: { days: DoraDay[] }) {
  const data = days.map((d) => ({ day: d.day, healthy: d.deploys - d.changeFailures, changeFailures: d.changeFailures, failedDeploys: d.failedDeploys }));
  return (
    <div className="h-64 w-full" role="img" aria-label="Deploys per day: successful, later rolled back or marked faulty, and failed">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11, fill: "#475569" }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="healthy" name="Succeeded" stackId="deploys" fill="#16a34a" isAnimationActive={false} />
          <Bar dataKey="changeFailures" name="Change failures" stackId="deploys" fill="#f59e0b" isAnimationActive={false} />
          <Bar dataKey="failedDeploys" name="Failed deploys" stackId="deploys" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function LeadTimeChart({ days }: { days: DoraDay[] }) {
  return (
    <div className="h-64 w-full" role="img" aria-label="Median lead time for changes per day, in hours">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11, fill: "#475569" }} minTickGap={16} />
          <YAxis unit=" h" tick={{ fontSize: 11, fill: "#475569" }} />
          <Tooltip formatter={(value) => [`${String(value)} h`, "Median lead time"]} />
          <Line
            type="monotone"
            dataKey="leadTimeMedianHours"
            name="Median lead time"
            stroke="#2563eb"
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
